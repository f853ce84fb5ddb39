package io.tillsync.kit.security;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Rewrites every stored secret of a service ({@link StoredSecrets}) under {@link SecretBox}'s active key and in the
 * current format (key id, row binding). Safe while the service runs and resumable: rows are read in id order a page
 * at a time; a value already under the active key is left alone, so a second run only does what the first did not
 * finish; each value is replaced only if the column still holds what was read (a rotation in between wins, and was
 * written under the active key anyway). A value that does not open where it is stored (no configured key, tampered
 * with, or moved from another row or field) is reported as failed and left as it is: the run doubles as an audit.
 */
public class SecretReencryption {

    private static final Logger log = LoggerFactory.getLogger(SecretReencryption.class);
    static final int PAGE = 200;

    private final DatabaseClient db;
    private final SecretBox box;
    private final StoredSecrets secrets;

    public SecretReencryption(DatabaseClient db, SecretBox box, StoredSecrets secrets) {
        this.db = db;
        this.box = box;
        this.secrets = secrets;
    }

    /**
     * What one run did.
     *
     * @param activeKeyId   the key every value is now under
     * @param examined      stored values read
     * @param reencrypted   values rewritten
     * @param alreadyActive values already in the current format under the active key
     * @param changed       values changed by the service between read and write (already current)
     * @param failed        {@code table/row/field} of values that do not open where they are (at most 100 listed)
     */
    public record ReencryptionResult(String activeKeyId, long examined, long reencrypted, long alreadyActive, long changed,
            List<String> failed) {
    }

    public Mono<ReencryptionResult> run() {
        Tally tally = new Tally();
        return Flux.fromIterable(secrets.columns()).concatMap(column -> column(column, null, tally)).then(Mono.fromSupplier(() -> {
            ReencryptionResult result = new ReencryptionResult(box.activeKeyId(), tally.examined, tally.reencrypted,
                    tally.current, tally.changed, List.copyOf(tally.failed));
            log.info("Re-encrypted stored secrets under key {}: {}", box.activeKeyId(), result);
            return result;
        }));
    }

    private Mono<Void> column(StoredSecrets.Column c, Object after, Tally tally) {
        String sql = "SELECT " + c.idColumn() + " AS id, " + c.column() + " AS stored FROM " + c.table()
                + " WHERE " + c.column() + " IS NOT NULL" + (after == null ? "" : " AND " + c.idColumn() + " > :after")
                + " ORDER BY " + c.idColumn() + " LIMIT " + PAGE;
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql);
        if (after != null) {
            spec = spec.bind("after", after);
        }
        return spec.map(row -> new Object[] {row.get("id"), row.get("stored", String.class)}).all().collectList()
                .flatMap(page -> Flux.fromIterable(page).concatMap(row -> one(c, row[0], (String) row[1], tally)).then()
                        .then(page.size() < PAGE ? Mono.empty() : column(c, page.get(page.size() - 1)[0], tally)));
    }

    private Mono<Void> one(StoredSecrets.Column c, Object id, String stored, Tally tally) {
        tally.examined++;
        SecretField.At at = c.field().at(id.toString());
        String fresh;
        try {
            if (box.isCurrent(stored)) {
                box.decrypt(stored, at); // still opens where it is: not tampered with, not moved from another row
                tally.current++;
                return Mono.empty();
            }
            fresh = box.reencrypt(stored, at);
        } catch (RuntimeException e) {
            if (tally.failed.size() < 100) {
                tally.failed.add(at.toString());
            }
            log.warn("Stored secret {} does not open where it is stored (key not configured, tampered with or moved); "
                    + "left as it is", at);
            return Mono.empty();
        }
        return db.sql("UPDATE " + c.table() + " SET " + c.column() + " = :fresh WHERE " + c.idColumn() + " = :id AND "
                        + c.column() + " = :stored")
                .bind("fresh", fresh).bind("id", id).bind("stored", stored).fetch().rowsUpdated()
                .doOnNext(n -> {
                    if (n > 0) {
                        tally.reencrypted++;
                    } else {
                        tally.changed++;
                    }
                }).then();
    }

    private static final class Tally {
        long examined;
        long reencrypted;
        long current;
        long changed;
        final List<String> failed = new ArrayList<>();
    }
}
