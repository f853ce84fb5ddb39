package io.tillsync.platforms.tripleseat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

/**
 * Reads the food and beverage lines of a TripleSeat invoice or event-order document (HTML) with jsoup. The layout is
 * TripleSeat's document templates as venues customize them (unconfirmed beyond the fixtures in the tests), so the
 * rules are about what a row says, not about class names:
 * <ul>
 *   <li>an <em>item table</em> is a table whose header row names a quantity column ({@code Qty}, {@code Quantity},
 *       {@code #}) and a price column ({@code Price}, {@code Unit Price}, {@code Each}, {@code Rate}); every other
 *       table (billing summary, payment schedule, signatures) gives no items;</li>
 *   <li>in an item table, a row with one text cell and no amount is a <em>category</em> for the rows below it;</li>
 *   <li>a row naming a billing line (subtotal, total, tax, service charge, gratuity, fee, deposit, discount, payment,
 *       balance, minimum) is a <em>billing line</em>, never an item;</li>
 *   <li>a row starting with {@code -}, {@code +}, {@code •}, {@code w/}, {@code add }, {@code no }, {@code sub } or
 *       marked {@code class="modifier"} is a <em>modifier</em> of the item above it (its price, if any, per unit);</li>
 *   <li>a row with a name, a quantity and a unit price is an <em>item</em> when its total (if shown) equals
 *       quantity × unit price exactly; quantities and prices are exact decimals ({@code $1,234.50} → 1234.50);</li>
 *   <li>anything else is an <em>unread row</em>, reported with why, never guessed into an item.</li>
 * </ul>
 */
public final class InvoiceLines {

    /** A row of an item table that was neither an item, a modifier, a category nor a billing line. */
    public record UnreadRow(String text, String why) {
    }

    /** What a document gave: its items, the billing lines it skipped, the rows it could not read. */
    public record Result(List<EventItem> items, List<String> billingLines, List<UnreadRow> unread) {

        public Result {
            items = List.copyOf(items);
            billingLines = List.copyOf(billingLines);
            unread = List.copyOf(unread);
        }
    }

    private static final Pattern BILLING = Pattern.compile(
            "\\b(sub ?total|total|tax(es)?|service charge|gratuity|tip|fees?|deposit|discount|payments?|balance|"
                    + "amount due|minimum|admin(istrative)?|surcharge|credit)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern MODIFIER = Pattern.compile("^(-|\\+|•|\\*|w/|with |add |no |sub |substitute )",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern QTY_HEADER = Pattern.compile("^(qty|quantity|#|count|guests?)\\.?$", Pattern.CASE_INSENSITIVE);
    private static final Pattern PRICE_HEADER = Pattern.compile("^(unit )?(price|cost|each|rate)( each| per (unit|person|item))?$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TOTAL_HEADER = Pattern.compile("^(line )?(total|amount|ext\\.?( price)?|extended)$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern MONEY = Pattern.compile("^\\(?-?\\$?\\s?-?[0-9][0-9,]*(\\.[0-9]+)?\\)?$");
    private static final int MAX_ROWS = 2_000;

    private InvoiceLines() {
    }

    public static Result parse(String html) {
        Document doc = Jsoup.parse(html == null ? "" : html);
        List<EventItem> items = new ArrayList<>();
        List<String> billing = new ArrayList<>();
        List<UnreadRow> unread = new ArrayList<>();
        int rows = 0;
        for (Element table : doc.select("table")) {
            if (table.getElementsByTag("table").size() > 1) {
                continue; // a layout table: its inner tables are read on their own
            }
            Elements tableRows = table.select("tr");
            Columns columns = null;
            int headerTries = 0;
            String category = null;
            for (Element row : tableRows) {
                if (++rows > MAX_ROWS) {
                    unread.add(new UnreadRow("(rest of the document)", "more than " + MAX_ROWS + " rows"));
                    return new Result(items, billing, unread);
                }
                List<String> cells = row.select("> th, > td").stream().map(c -> clean(c.text())).toList();
                if (cells.stream().allMatch(String::isEmpty)) {
                    continue;
                }
                if (columns == null) {
                    columns = Columns.of(cells);
                    if (columns == null && ++headerTries >= 3) {
                        break; // no quantity and price columns near the top: not an item table
                    }
                    continue;
                }
                String name = columns.name < cells.size() ? cells.get(columns.name) : "";
                String text = String.join(" | ", cells.stream().filter(c -> !c.isEmpty()).toList());
                long filled = cells.stream().filter(c -> !c.isEmpty()).count();
                boolean modifier = row.hasClass("modifier") || row.hasClass("item-modifier")
                        || MODIFIER.matcher(name).find();
                if (!modifier && filled == 1 && !hasAmount(cells)) {
                    String only = cells.stream().filter(c -> !c.isEmpty()).findFirst().orElse("");
                    if (BILLING.matcher(only).find()) {
                        billing.add(text);
                    } else {
                        category = only;
                    }
                    continue;
                }
                if (name.isEmpty()) {
                    unread.add(new UnreadRow(text, "no item name"));
                    continue;
                }
                if (modifier) {
                    if (items.isEmpty()) {
                        unread.add(new UnreadRow(text, "modifier without an item above it"));
                        continue;
                    }
                    BigDecimal price = money(cell(cells, columns.price));
                    String modifierName = name.replaceFirst("^(-|\\+|•|\\*)\\s*", "");
                    items.set(items.size() - 1, items.get(items.size() - 1).withModifier(
                            new EventItem.Modifier(modifierName, price == null ? BigDecimal.ZERO : price)));
                    continue;
                }
                if (BILLING.matcher(name).find()) {
                    billing.add(text);
                    continue;
                }
                BigDecimal quantity = number(cell(cells, columns.quantity));
                BigDecimal unitPrice = money(cell(cells, columns.price));
                BigDecimal total = columns.total < 0 ? null : money(cell(cells, columns.total));
                if (quantity == null || unitPrice == null) {
                    unread.add(new UnreadRow(text, quantity == null ? "no readable quantity" : "no readable unit price"));
                } else if (quantity.signum() <= 0 || unitPrice.signum() < 0) {
                    unread.add(new UnreadRow(text, "quantity or price not positive"));
                } else if (total != null && quantity.multiply(unitPrice).compareTo(total) != 0) {
                    unread.add(new UnreadRow(text, "total is not quantity × unit price"));
                } else {
                    items.add(new EventItem(name, null, quantity, unitPrice, category, List.of()));
                }
            }
        }
        return new Result(items, billing, unread);
    }

    /** Column positions of an item table, read from its header row; null when it is not one. */
    private record Columns(int name, int quantity, int price, int total) {

        static Columns of(List<String> header) {
            int quantity = -1;
            int price = -1;
            int total = -1;
            int name = -1;
            for (int i = 0; i < header.size(); i++) {
                String h = header.get(i).trim();
                if (quantity < 0 && QTY_HEADER.matcher(h).matches()) {
                    quantity = i;
                } else if (price < 0 && PRICE_HEADER.matcher(h).matches()) {
                    price = i;
                } else if (total < 0 && TOTAL_HEADER.matcher(h).matches()) {
                    total = i;
                } else if (name < 0 && !h.isEmpty()) {
                    name = i;
                }
            }
            if (quantity < 0 || price < 0) {
                return null;
            }
            return new Columns(name < 0 ? 0 : name, quantity, price, total);
        }
    }

    private static String cell(List<String> cells, int index) {
        return index >= 0 && index < cells.size() ? cells.get(index) : "";
    }

    private static boolean hasAmount(List<String> cells) {
        return cells.stream().anyMatch(c -> !c.isEmpty() && MONEY.matcher(c).matches());
    }

    private static String clean(String text) {
        return text.replace('\u00a0', ' ').replaceAll("\\s+", " ").trim();
    }

    /** {@code $1,234.50} → 1234.50, {@code ($5.00)} → -5.00; null when the cell is empty or not an amount. */
    static BigDecimal money(String text) {
        if (text == null || text.isBlank() || !MONEY.matcher(text.trim()).matches()) {
            return null;
        }
        String t = text.trim();
        boolean negative = t.startsWith("(") || t.contains("-");
        String digits = t.replaceAll("[^0-9.]", "");
        if (digits.isEmpty() || digits.length() > 20) {
            return null;
        }
        BigDecimal value = new BigDecimal(digits);
        return negative ? value.negate() : value;
    }

    private static BigDecimal number(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim().toLowerCase(Locale.ROOT).replaceAll("\\s*(x|ea|each|pcs?|pp)$", "");
        return money(t);
    }
}
