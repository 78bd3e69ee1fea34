'use strict';
// meter:RecordMeterReading by GridOrg's meter identity (role meter; its org's peer is the gateway,
// so GridOrg endorses every write of the meter collection, as its policy needs). Every reading
// rewrites the participant's meter binding, so one reading is in flight per participant. Each
// participant's first reading is of the slot this worker cleared (settlement needs a reading of
// every trader), the next ones of the slots before it, which have ended too: every call writes a
// new (participant, slot) reading.
//
// Before the round, worker 0 moves the ledger clock to the end of the plan's last slot (readings
// are accepted once the slot has ended on the market clock).
const crypto = require('crypto');
const { WorkloadModuleBase } = require('@hyperledger/caliper-core');
const { readPlan, workerParticipants, slotText, slotMs, afterPlanMs, METER, OPERATOR, Recorder, ParticipantPool } = require('./plan');

class MeterReading extends WorkloadModuleBase {
    async initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext) {
        await super.initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext);
        this.plan = readPlan();
        this.recorder = new Recorder(roundIndex, workerIndex);
        this.pool = new ParticipantPool(workerParticipants(this.plan, workerIndex, totalWorkers), this.recorder);
        this.firstSlotMs = slotMs(this.plan, roundArguments.orderRound, workerIndex, 0);
        this.done = new Map();
        if (workerIndex === 0) {
            const to = new Date(afterPlanMs(this.plan)).toISOString();
            const status = await sutAdapter.sendRequests({
                contractId: 'p2pe', contractFunction: 'config:AdvanceLedgerTime', contractArguments: [to],
                invokerIdentity: OPERATOR.name, invokerMspId: OPERATOR.msp, readOnly: false,
            });
            if (!status.IsCommitted()) {
                throw new Error(`AdvanceLedgerTime(${to}) failed: see the log above`);
            }
        }
    }

    async submitTransaction() {
        const p = await this.pool.take();
        const k = this.done.get(p.name) || 0;
        this.done.set(p.name, k + 1);
        const reading = {
            participant: p.id,
            slot: slotText(this.plan, this.firstSlotMs - k * this.plan.slotMinutes * 60000),
            importedWh: p.side === 'BUY' ? 200000 : 0,
            exportedWh: p.side === 'SELL' ? 200000 : 0,
            meterId: `m-${p.name}`,
        };
        try {
            return this.recorder.add(await this.sutAdapter.sendRequests({
                // The reading and the salt of its private record are transient, as the SDK sends them:
                // arguments would be in every org's blocks.
                contractId: 'p2pe', contractFunction: 'meter:RecordMeterReading', contractArguments: [],
                transientMap: { reading: Buffer.from(JSON.stringify(reading)), salt: crypto.randomBytes(32) },
                invokerIdentity: METER.name, invokerMspId: METER.msp, readOnly: false,
            }));
        } finally {
            this.pool.give(p);
        }
    }

    async cleanupWorkloadModule() {
        this.recorder.write();
    }
}

module.exports.createWorkloadModule = () => new MeterReading();
