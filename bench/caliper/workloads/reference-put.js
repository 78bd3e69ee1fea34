'use strict';
// The reference chaincode's Put(key): one putState of 200 bytes under a key of its own per call
// (no two calls touch the same key), by the same participant identities as SubmitOrder, so the
// clients' signing and connections are the same on both sides.
const { WorkloadModuleBase } = require('@hyperledger/caliper-core');
const { readPlan, workerParticipants, PARTICIPANT_ORG, Recorder } = require('./plan');

class ReferencePut extends WorkloadModuleBase {
    async initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext) {
        await super.initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext);
        this.plan = readPlan();
        this.recorder = new Recorder(roundIndex, workerIndex);
        this.participants = workerParticipants(this.plan, workerIndex, totalWorkers);
        this.seq = 0;
    }

    async submitTransaction() {
        const i = this.seq++;
        const p = this.participants[i % this.participants.length];
        return this.recorder.add(await this.sutAdapter.sendRequests({
            contractId: 'reference', contractFunction: 'Put',
            contractArguments: [`ref-${this.plan.run}-r${this.roundIndex}-w${this.workerIndex}-${i}`],
            invokerIdentity: p.name, invokerMspId: PARTICIPANT_ORG.msp, readOnly: false,
        }));
    }

    async cleanupWorkloadModule() {
        this.recorder.write();
    }
}

module.exports.createWorkloadModule = () => new ReferencePut();
