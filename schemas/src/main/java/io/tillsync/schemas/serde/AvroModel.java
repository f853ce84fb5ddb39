package io.tillsync.schemas.serde;

import org.apache.avro.Conversions;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.specific.SpecificData;

/**
 * One Avro data model with every logical-type conversion the contracts use. A generated class's own model only
 * knows the conversions of its own fields, so a decimal nested inside a union of another record would otherwise
 * fail to write ("Unknown datum type java.math.BigDecimal") or be read back as raw bytes.
 */
public final class AvroModel {

    private static final SpecificData MODEL = create();

    private AvroModel() {
    }

    public static SpecificData get() {
        return MODEL;
    }

    private static SpecificData create() {
        SpecificData model = new SpecificData(AvroModel.class.getClassLoader());
        model.addLogicalTypeConversion(new Conversions.DecimalConversion());
        model.addLogicalTypeConversion(new Conversions.UUIDConversion());
        model.addLogicalTypeConversion(new TimeConversions.DateConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
        model.addLogicalTypeConversion(new TimeConversions.LocalTimestampMillisConversion());
        return model;
    }
}
