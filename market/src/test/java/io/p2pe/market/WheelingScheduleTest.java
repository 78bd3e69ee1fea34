package io.p2pe.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The fee between two locations is the level of their grid distance, the last level beyond it. */
class WheelingScheduleTest {
    private static final GridLocation FEEDER_3 = GridLocation.parse("tokyo/setagaya/seijo/feeder-3");

    @Test
    void theFeeIsTheLevelOfTheDistanceCappedAtTheLastLevel() {
        WheelingSchedule s = new WheelingSchedule(List.of(0L, 150L, 300L));
        // Distances: same feeder 0; feeder-2 of the same district 1 (4 segments, 3 shared); another
        // district 2; another region 4, beyond the levels: the last one.
        assertEquals(0, s.fee(FEEDER_3, FEEDER_3));
        assertEquals(150, s.fee(FEEDER_3, GridLocation.parse("tokyo/setagaya/seijo/feeder-2")));
        assertEquals(300, s.fee(FEEDER_3, GridLocation.parse("tokyo/setagaya/kyodo/feeder-1")));
        assertEquals(300, s.fee(FEEDER_3, GridLocation.parse("osaka/kita/umeda/feeder-1")));
        assertEquals(0, WheelingSchedule.FREE.fee(FEEDER_3, GridLocation.parse("osaka/kita/umeda/feeder-1")));
    }

    @Test
    void noLevelsAreRefused() {
        assertEquals("levels must not be empty",
                assertThrows(IllegalArgumentException.class, () -> new WheelingSchedule(List.of())).getMessage());
    }
}
