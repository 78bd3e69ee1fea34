package io.p2pe.sdk;

/**
 * The connection settings are incomplete or unreadable: a missing field, a profile or identity
 * that does not exist, a certificate or key that cannot be read.
 *
 * <pre>{@code
 * try {
 *     P2peConfig config = P2peConfig.fromProfile(Path.of(".network/profiles/retailer.json"), "home-001");
 * } catch (ConfigurationException e) {
 *     System.err.println(e.getMessage()); // names the file and the field
 * }
 * }</pre>
 */
public final class ConfigurationException extends P2peException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message names the setting or file at fault
     * @param cause the underlying failure, or null
     */
    public ConfigurationException(String message, Throwable cause) {
        super(message, null, null, cause);
    }
}
