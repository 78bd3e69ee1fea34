package io.p2pe.sdk;

import io.p2pe.market.Slot;
import java.util.Objects;

/**
 * A meter reading to record, by a {@code meter} identity (GridOrg).
 *
 * <pre>{@code
 * new MeterReadingRequest("RetailerOrgMSP:home-001", slot, 1_200, 0, "m-home-001");
 * }</pre>
 *
 * @param participant the metered participant id
 * @param slot the slot
 * @param importedWh energy drawn from the grid, Wh
 * @param exportedWh energy fed into the grid, Wh
 * @param meterId the meter's id (bound to the participant on first use)
 */
public record MeterReadingRequest(String participant, Slot slot, long importedWh, long exportedWh, String meterId) {
    public MeterReadingRequest {
        Objects.requireNonNull(participant, "participant");
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(meterId, "meterId");
        if (importedWh < 0 || exportedWh < 0) {
            throw new IllegalArgumentException("fields 'importedWh' and 'exportedWh' must not be negative, got "
                    + importedWh + " and " + exportedWh);
        }
    }
}
