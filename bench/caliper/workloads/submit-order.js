'use strict';
// order:SubmitOrder by distinct participants: each call takes a participant with no call in
// flight (its orders of one slot share its position record, so two at once would conflict), in
// the slot of the plan for this worker and round (plan.js). Buyers and sellers alternate and
// their prices overlap, so the slot clears with trades. Order sizes and prices are a function of
// the order's number, as in `p2pe bench ledger`.
const { WorkloadModuleBase } = require('@hyperledger/caliper-core');
const { readPlan, workerParticipants, slotText, slotMs, SLOT_SPAN, PARTICIPANT_ORG, Recorder, ParticipantPool } = require('./plan');

class SubmitOrder extends WorkloadModuleBase {
    async initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext) {
        await super.initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext);
        this.plan = readPlan();
        this.recorder = new Recorder(roundIndex, workerIndex);
        this.pool = new ParticipantPool(workerParticipants(this.plan, workerIndex, totalWorkers), this.recorder);
        this.placed = new Map();
        this.seq = 0;
    }

    async submitTransaction() {
        const p = await this.pool.take();
        const i = this.seq++;
        const k = this.placed.get(p.name) || 0;
        this.placed.set(p.name, k + 1);
        const j = Math.min(SLOT_SPAN - 1, Math.floor(k / this.plan.ordersPerSlot));
        const buy = p.side === 'BUY';
        const order = {
            clientOrderId: `cal-${this.plan.run}-r${this.roundArguments.orderRound}-w${this.workerIndex}-${i}`,
            slot: slotText(this.plan, slotMs(this.plan, this.roundArguments.orderRound, this.workerIndex, j)),
            side: p.side,
            wh: 500 + (i * 37) % 2000,
            price: buy ? 1800 + (i * 13) % 600 : 1400 + (i * 17) % 600,
        };
        try {
            return this.recorder.add(await this.sutAdapter.sendRequests({
                contractId: 'p2pe', contractFunction: 'order:SubmitOrder', contractArguments: [JSON.stringify(order)],
                invokerIdentity: p.name, invokerMspId: PARTICIPANT_ORG.msp, readOnly: false,
            }));
        } finally {
            this.pool.give(p);
        }
    }

    async cleanupWorkloadModule() {
        this.recorder.write();
    }
}

module.exports.createWorkloadModule = () => new SubmitOrder();
