package io.tillsync.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/** The registry refused a request or could not be reached; carries the HTTP status and registry error code. */
public class SchemaRegistryException extends SerializationException {

    private final int status;
    private final int errorCode;

    public SchemaRegistryException(String message, int status, int errorCode) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
        this.status = -1;
        this.errorCode = -1;
    }

    /** HTTP status, or -1 when the registry could not be reached. */
    public int status() {
        return status;
    }

    /** Confluent error code from the body (40401 subject not found, 40403 schema not found, 409 incompatible...). */
    public int errorCode() {
        return errorCode;
    }

    /** True when the registry refused the schema as incompatible with the subject's earlier versions. */
    public boolean isIncompatible() {
        return status == 409;
    }
}
