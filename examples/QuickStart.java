import io.p2pe.market.Slot;
import io.p2pe.protocol.SlotState;
import io.p2pe.sdk.EndorsementRejectedException;
import io.p2pe.sdk.EventOptions;
import io.p2pe.sdk.MarketConfigRequest;
import io.p2pe.sdk.OrderRequest;
import io.p2pe.sdk.P2peConfig;
import io.p2pe.sdk.P2peConnection;
import io.p2pe.sdk.P2peEventListener;
import io.p2pe.sdk.ParticipantRegistration;
import io.p2pe.sdk.SlotEvent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The SDK quick start (docs/sdk.md): a home buys, a business with PV sells, the operator closes
 * and clears the slot, and the home watches it clear. Against the scripted network:
 *
 * <pre>
 * test-network-scripts/network.sh up && test-network-scripts/network.sh deploy
 * mvn -B -q -DskipTests package -pl cli -am
 * java -cp cli/target/p2pe.jar examples/QuickStart.java .network
 * </pre>
 */
public class QuickStart {
    public static void main(String[] args) throws Exception {
        Path profiles = Path.of(args.length > 0 ? args[0] : ".network").resolve("profiles");
        try (P2peConnection operator = connect(profiles, "exchangeorg", "operator");
             P2peConnection home = connect(profiles, "retailerorg", "home-001");
             P2peConnection biz = connect(profiles, "exchangeorg", "biz-001")) {
            onboard(operator, home);

            // The first slot whose gate is open by the market's clock and that nobody has closed
            // yet (a rerun within the same half hour finds the previous run's slot cleared).
            Instant now = home.participant().marketTime().orElseThrow(
                    () -> new IllegalStateException("the market runs on LEDGER time and the operator has not started the clock"));
            Slot slot = home.participant().marketSettings().firstOpenSlot(now);
            while (home.participant().slot(slot).status() != SlotState.Status.OPEN) {
                slot = slot.next();
            }
            Slot traded = slot;
            CountDownLatch cleared = new CountDownLatch(1);
            home.events().subscribe(new P2peEventListener() {
                @Override
                public void onSlotCleared(SlotEvent e) {
                    if (e.slot().equals(traded.toString())) {
                        System.out.println("cleared " + e.slot() + ": " + e.volumeWh() + " Wh in " + e.tradeCount() + " trades");
                        cleared.countDown();
                    }
                }
            }, EventOptions.defaults());

            String run = Long.toString(System.currentTimeMillis(), 36);
            home.participant().submitOrder(OrderRequest.buy("qs-buy-" + run, traded, 1_500, 2_150));
            biz.participant().submitOrder(OrderRequest.sell("qs-sell-" + run, traded, 1_000, 1_200));
            operator.operator().closeSlot(traded);
            operator.operator().clearSlot(traded);

            if (!cleared.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no SlotCleared event within 60 s");
            }
            home.participant().myTrades(traded).forEach(t -> System.out.println("home-001 trade: " + t));
        }
    }

    private static P2peConnection connect(Path profiles, String org, String identity) throws Exception {
        return P2peConnection.connect(P2peConfig.fromProfile(profiles.resolve(org + ".json"), identity));
    }

    /** A fresh network has no market configuration and no registered traders yet. */
    private static void onboard(P2peConnection operator, P2peConnection reader) throws Exception {
        try {
            reader.participant().marketSettings();
        } catch (EndorsementRejectedException e) {
            operator.operator().configureMarket(MarketConfigRequest.builder().build());
        }
        operator.operator().ensureParticipant(ParticipantRegistration.of("home-001", "HOUSEHOLD")
                .withMspId("RetailerOrgMSP").withLocation("tokyo/setagaya/seijo/feeder-3"));
        operator.operator().ensureParticipant(ParticipantRegistration.of("biz-001", "BUSINESS")
                .withMspId("ExchangeOrgMSP").withLocation("tokyo/setagaya/seijo/feeder-1").withPv(50_000, "solar"));
    }
}
