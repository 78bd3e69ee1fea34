package io.p2pe.simulator.agents;

/**
 * Time-of-day consumption profiles of Japanese buildings on a working day, per season. Each shape
 * is 24 hourly weights; a slot at {@code h:00} takes the weight of hour {@code h}, a slot at
 * {@code h:30} the mean of hours {@code h} and {@code h+1}. A site's daily energy (its
 * annual-average daily consumption times the season factor) is spread over the 48 slots in
 * proportion to the weights, with the remainder given out by the largest-remainder rule so that
 * the slots add up to the daily energy exactly.
 */
public enum LoadShape {
    /**
     * A home: low at night, a morning peak 6–8, low at midday, the evening peak 18–21; summer adds
     * afternoon air conditioning, winter heating. Season factors ‰: summer 1100, winter 1300,
     * spring 850.
     */
    HOUSEHOLD(new int[] {300, 250, 230, 220, 220, 260, 450, 600, 500, 380, 340, 340, 380, 340, 320, 340, 400, 520,
        700, 800, 780, 680, 540, 400},
            new int[] {420, 380, 350, 330, 320, 340, 480, 600, 520, 450, 480, 520, 560, 580, 600, 600, 620, 700, 820,
                880, 860, 780, 650, 520},
            new int[] {380, 340, 320, 320, 330, 420, 720, 880, 700, 480, 420, 400, 420, 380, 360, 380, 480, 700, 900,
                960, 920, 820, 640, 480},
            850, 1100, 1300),
    /**
     * An office or factory site: a 30 % base at night, working hours 8–18 with a lunch dip.
     * Season factors ‰: summer 1150, winter 1100, spring 950.
     */
    OFFICE(new int[] {300, 300, 300, 300, 300, 300, 320, 450, 800, 1000, 1000, 1000, 900, 1000, 1000, 1000, 1000,
        900, 650, 500, 400, 320, 320, 300},
            new int[] {320, 320, 320, 320, 320, 320, 340, 480, 850, 1050, 1100, 1120, 1050, 1150, 1150, 1150, 1100, 1000,
                700, 520, 420, 340, 340, 320},
            new int[] {320, 320, 320, 320, 320, 330, 380, 600, 1000, 1100, 1050, 1000, 900, 1000, 1000, 1000, 1000,
                950, 700, 520, 420, 340, 330, 320},
            950, 1150, 1100),
    /**
     * A municipal building (city hall, school, library): open 8:30–17:15, a 25 % base at night.
     * Season factors ‰: summer 1150, winter 1150, spring 950.
     */
    PUBLIC_BUILDING(new int[] {250, 250, 250, 250, 250, 250, 260, 350, 750, 1000, 1000, 1000, 900, 1000, 1000, 1000,
        950, 700, 420, 330, 280, 260, 250, 250},
            new int[] {270, 270, 270, 270, 270, 270, 280, 380, 800, 1050, 1100, 1150, 1050, 1150, 1150, 1100, 1050, 780,
                450, 340, 300, 280, 270, 270},
            new int[] {280, 280, 280, 280, 280, 290, 330, 520, 950, 1100, 1050, 1000, 900, 1000, 1000, 1000, 950, 750,
                450, 340, 300, 290, 280, 280},
            950, 1150, 1150);

    private final int[] spring;
    private final int[] summer;
    private final int[] winter;
    private final int springFactor;
    private final int summerFactor;
    private final int winterFactor;

    LoadShape(int[] spring, int[] summer, int[] winter, int springFactor, int summerFactor, int winterFactor) {
        this.spring = spring;
        this.summer = summer;
        this.winter = winter;
        this.springFactor = springFactor;
        this.summerFactor = summerFactor;
        this.winterFactor = winterFactor;
    }

    /** How much more or less than its annual average a building uses per day in {@code season}, ‰. */
    public int seasonFactorPermille(Season season) {
        return switch (season) {
            case SPRING -> springFactor;
            case SUMMER -> summerFactor;
            case WINTER -> winterFactor;
        };
    }

    /**
     * Amplitude of the slot-to-slot noise of actual consumption around the profile, ‰: a home's
     * appliances switch on and off (150), a large building averages them out (60).
     */
    public int noisePermille() {
        return this == HOUSEHOLD ? 150 : 60;
    }

    /** The weight of slot {@code index} (0 = 00:00–00:30) in {@code season}. */
    public int weight(Season season, int index) {
        int[] hours = switch (season) {
            case SPRING -> spring;
            case SUMMER -> summer;
            case WINTER -> winter;
        };
        int hour = index / 2;
        return index % 2 == 0 ? hours[hour] : (hours[hour] + hours[(hour + 1) % 24]) / 2;
    }

    /**
     * Expected consumption per slot of a site using {@code dailyWh} on an average day: the season's
     * daily energy {@code dailyWh × factor‰ / 1000} spread over the slots by weight, exactly.
     */
    public long[] expectedWh(long dailyWh, Season season) {
        if (dailyWh < 0) {
            throw new IllegalArgumentException("dailyWh must not be negative, got " + dailyWh);
        }
        long total = dailyWh * seasonFactorPermille(season) / 1000;
        int n = SolarModel.SLOTS_PER_DAY;
        long[] weights = new long[n];
        long sum = 0;
        for (int i = 0; i < n; i++) {
            weights[i] = weight(season, i);
            sum += weights[i];
        }
        return Apportion.largestRemainder(total, weights, sum);
    }
}
