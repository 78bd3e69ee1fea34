package io.p2pe.simulator.agents;

/**
 * An EV or plug-in hybrid on a commute: plugged in at home until {@code departHome}, driving
 * to work until {@code arriveWork}, plugged in at work until {@code departWork}, driving home until
 * {@code arriveHome}, then plugged in at home. Times are slot indices of the day (0 = 00:00,
 * 15 = 07:30). Each trip uses {@code tripWh}, spread evenly over its slots; a PHV's engine covers
 * what the battery lacks. Charging losses are not modelled.
 *
 * @param capacityWh usable battery
 * @param chargeW charger power (both at home and at work)
 * @param tripWh energy one commute trip uses
 * @param initialSocPermille state of charge at 00:00, ‰
 * @param workTargetPermille charge wanted when leaving work, ‰
 * @param homeTargetPermille charge wanted when leaving home, ‰
 * @param departHome first slot of the morning trip
 * @param arriveWork first slot plugged in at work
 * @param departWork first slot of the evening trip
 * @param arriveHome first slot plugged in at home again
 */
public record EvSpec(long capacityWh, long chargeW, long tripWh, int initialSocPermille, int workTargetPermille,
                     int homeTargetPermille, int departHome, int arriveWork, int departWork, int arriveHome) {
    public EvSpec {
        if (capacityWh <= 0 || chargeW <= 0 || tripWh < 0) {
            throw new IllegalArgumentException("EV capacity and charger power must be positive and the trip not "
                    + "negative");
        }
        if (!(0 < departHome && departHome < arriveWork && arriveWork < departWork && departWork < arriveHome
                && arriveHome < SolarModel.SLOTS_PER_DAY)) {
            throw new IllegalArgumentException("EV schedule must satisfy 0 < departHome < arriveWork < departWork "
                    + "< arriveHome < 48, got " + departHome + ", " + arriveWork + ", " + departWork + ", " + arriveHome);
        }
        for (int p : new int[] {initialSocPermille, workTargetPermille, homeTargetPermille}) {
            if (p < 0 || p > 1000) {
                throw new IllegalArgumentException("states of charge must be 0-1000 permille, got " + p);
            }
        }
    }

    /** Where the car is during a slot. */
    public enum Place {
        /** Plugged in at home. */
        HOME,
        /** Plugged in at work. */
        WORK,
        /** On the road. */
        DRIVING
    }

    /** Where the car is in slot {@code t}. */
    public Place place(int t) {
        if (t < departHome || t >= arriveHome) {
            return Place.HOME;
        }
        if (t >= arriveWork && t < departWork) {
            return Place.WORK;
        }
        return Place.DRIVING;
    }

    /**
     * The first slot the car is away after plugged-in slot {@code t}; after the evening arrival
     * that is the next morning's departure, counted past the end of the day.
     */
    public int nextDeparture(int t) {
        if (t < departHome) {
            return departHome;
        }
        if (t < departWork) {
            return departWork;
        }
        return SolarModel.SLOTS_PER_DAY + departHome;
    }

    /** Energy the car uses while driving in slot {@code t}; the first slot of a trip takes the remainder. */
    public long drivingWh(int t) {
        if (place(t) != Place.DRIVING) {
            return 0;
        }
        int start = t < arriveWork ? departHome : departWork;
        int slots = t < arriveWork ? arriveWork - departHome : arriveHome - departWork;
        return tripWh / slots + (t == start ? tripWh % slots : 0);
    }
}
