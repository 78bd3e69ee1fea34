'use strict';
// The operator's slot transactions on the slot this worker's participants just filled (the first
// slot of the plan for the given SubmitOrder round): slot:CloseSlot, slot:ClearSlot or
// settlement:SettleSlot, one call per worker (txNumber = workers).
const crypto = require('crypto');
const { WorkloadModuleBase } = require('@hyperledger/caliper-core');
const { readPlan, slotText, slotMs, OPERATOR, Recorder } = require('./plan');

class SlotOperation extends WorkloadModuleBase {
    async initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext) {
        await super.initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext);
        this.plan = readPlan();
        this.recorder = new Recorder(roundIndex, workerIndex);
        this.slot = slotText(this.plan, slotMs(this.plan, roundArguments.orderRound, workerIndex, 0));
    }

    async submitTransaction() {
        return this.recorder.add(await this.sutAdapter.sendRequests({
            contractId: 'p2pe', contractFunction: this.roundArguments.function, contractArguments: [this.slot],
            // SettleSlot salts the private records it writes from this seed (the others ignore it).
            transientMap: { salt: crypto.randomBytes(32) },
            invokerIdentity: OPERATOR.name, invokerMspId: OPERATOR.msp, readOnly: false,
        }));
    }

    async cleanupWorkloadModule() {
        this.recorder.write();
    }
}

module.exports.createWorkloadModule = () => new SlotOperation();
