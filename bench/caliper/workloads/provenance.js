'use strict';
// provenance:GetProvenance(consumer, slot), evaluated by the consumer itself (may-read), for the
// buyers of this worker's settled slot. A buyer none of whose orders traded has no provenance
// record (NOT_FOUND): before the round each buyer is asked once, and the round asks only those
// with a record.
const { WorkloadModuleBase } = require('@hyperledger/caliper-core');
const { readPlan, workerParticipants, slotText, slotMs, PARTICIPANT_ORG, Recorder } = require('./plan');

class Provenance extends WorkloadModuleBase {
    async initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext) {
        await super.initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext);
        this.plan = readPlan();
        this.recorder = new Recorder(roundIndex, workerIndex);
        this.slot = slotText(this.plan, slotMs(this.plan, roundArguments.orderRound, workerIndex, 0));
        const buyers = workerParticipants(this.plan, workerIndex, totalWorkers).filter((p) => p.side === 'BUY');
        const answers = await Promise.all(buyers.map((p) => this.query(p)));
        this.consumers = buyers.filter((p, i) => answers[i].IsCommitted());
        this.recorder.note('buyers', buyers.length);
        this.recorder.note('buyersWithProvenance', this.consumers.length);
        if (this.consumers.length === 0) {
            throw new Error(`no buyer of ${this.slot} has a provenance record (was the slot cleared and settled?)`);
        }
        this.seq = 0;
    }

    query(p) {
        return this.sutAdapter.sendRequests({
            contractId: 'p2pe', contractFunction: 'provenance:GetProvenance', contractArguments: [p.id, this.slot],
            invokerIdentity: p.name, invokerMspId: PARTICIPANT_ORG.msp, readOnly: true,
        });
    }

    async submitTransaction() {
        return this.recorder.add(await this.query(this.consumers[this.seq++ % this.consumers.length]));
    }

    async cleanupWorkloadModule() {
        this.recorder.write();
    }
}

module.exports.createWorkloadModule = () => new Provenance();
