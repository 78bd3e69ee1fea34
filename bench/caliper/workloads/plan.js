'use strict';
// What the generator, the setup, the workload modules and the summary share: the settings, the
// identities, which participants each Caliper worker owns, the slot plan and the per-transaction
// records.
//
// Slot plan. setup.js puts the market on the LEDGER clock at T0 (a UTC midnight more than 2 days
// after the previous run's ledger time, so no run meets another run's slots or readings) and
// writes plan.json. SubmitOrder round r of worker w fills slot
//   base + ((r * workers + w) * SLOT_SPAN + j) * slotLength,   base = T0 + 1 day,
// j = (that participant's orders so far in the round) / ORDERS_PER_SLOT, at most SLOT_SPAN - 1:
// a worker's slot holds only its own participants' orders, so each worker closes, clears, meters
// and settles its own slot without touching another worker's.
const fs = require('fs');
const path = require('path');

const PARTICIPANT_ORG = { dir: 'retailerorg', msp: 'RetailerOrgMSP' };
const OPERATOR = { dir: 'exchangeorg', msp: 'ExchangeOrgMSP', name: 'operator' };
const METER = { dir: 'gridorg', msp: 'GridOrgMSP', name: 'meter' };
const SLOT_SPAN = 8;
const DAY_MS = 24 * 3600 * 1000;

function positiveInt(env, key, dflt) {
    const v = env[key] === undefined || env[key] === '' ? String(dflt) : env[key];
    if (!/^[1-9][0-9]*$/.test(v)) {
        throw new Error(`${key} must be a positive integer, not '${v}'`);
    }
    return Number(v);
}

/** The run's settings (run.sh documents each and its default). */
function settings(env) {
    const s = {
        workers: positiveInt(env, 'CALIPER_WORKERS', 2),
        fixedLoad: positiveInt(env, 'FIXED_LOAD', 16),
        saturationLoad: positiveInt(env, 'SATURATION_LOAD', 96),
        saturationPairs: positiveInt(env, 'SATURATION_PAIRS', 2),
        roundSeconds: positiveInt(env, 'ROUND_SECONDS', 60),
        warmupSeconds: positiveInt(env, 'WARMUP_SECONDS', 10),
        readingSeconds: positiveInt(env, 'READING_SECONDS', 30),
        querySeconds: positiveInt(env, 'QUERY_SECONDS', 30),
        ordersPerSlot: positiveInt(env, 'ORDERS_PER_SLOT', 90),
    };
    s.participants = positiveInt(env, 'BENCH_PARTICIPANTS', Math.max(s.saturationLoad, s.fixedLoad));
    if (s.participants % s.workers !== 0) {
        throw new Error(`BENCH_PARTICIPANTS (${s.participants}) must be a multiple of CALIPER_WORKERS (${s.workers})`);
    }
    if (s.participants < Math.max(s.saturationLoad, s.fixedLoad)) {
        // One call in flight per participant: more in flight than participants would make two
        // orders of one participant in one slot race for its position record (MVCC conflicts).
        throw new Error(`BENCH_PARTICIPANTS (${s.participants}) must be at least the largest load in flight`);
    }
    return s;
}

/** SubmitOrder rounds of a run (generate.js): the warm-up, the fixed load, the saturation pairs. */
function orderRounds(s) {
    return 2 + s.saturationPairs;
}

/** The i-th (0-based) participant identity: bench-01 ... (as `p2pe bench ledger` names them). */
function participantName(i) {
    return `bench-${String(i + 1).padStart(2, '0')}`;
}

function runDir() {
    const d = process.env.P2PE_CALIPER_RUN_DIR;
    if (!d) {
        throw new Error('P2PE_CALIPER_RUN_DIR is not set (run.sh sets it)');
    }
    return d;
}

function readPlan() {
    return JSON.parse(fs.readFileSync(path.join(runDir(), 'plan.json'), 'utf8'));
}

/** The participants worker w of n owns: a contiguous block, half buyers and half sellers. */
function workerParticipants(plan, w, n) {
    const per = plan.participants / n;
    const out = [];
    for (let i = w * per; i < (w + 1) * per; i++) {
        const name = participantName(i);
        out.push({ name, id: `${PARTICIPANT_ORG.msp}:${name}`, side: i % 2 === 0 ? 'BUY' : 'SELL', index: i });
    }
    return out;
}

/** Slot text as the chaincode spells it: start in the market time zone, minutes, with offset. */
function slotText(plan, ms) {
    const d = new Date(ms);
    const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
        timeZone: plan.timeZone, year: 'numeric', month: '2-digit', day: '2-digit',
        hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'longOffset',
    }).formatToParts(d).map((p) => [p.type, p.value]));
    const offset = parts.timeZoneName === 'GMT' ? '+00:00' : parts.timeZoneName.replace('GMT', '');
    return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}${offset}`;
}

function slotMs(plan, orderRound, w, j) {
    return plan.baseMs + ((orderRound * plan.workers + w) * SLOT_SPAN + j) * plan.slotMinutes * 60000;
}

/** The ledger time after the SubmitOrder rounds: the end of the last slot of the plan. */
function afterPlanMs(plan) {
    return plan.baseMs + (plan.orderRounds * plan.workers * SLOT_SPAN + 1) * plan.slotMinutes * 60000;
}

/**
 * Per-transaction records of one worker in one round (create and final time, success), written
 * at the round's end for summary.js: Caliper's report gives average and maximum latency only.
 */
class Recorder {
    constructor(roundIndex, workerIndex) {
        this.file = path.join(runDir(), 'records', `round-${roundIndex}-w${workerIndex}.json`);
        this.tx = [];
        this.notes = {};
    }

    add(status) {
        this.tx.push([status.GetTimeCreate(), status.GetTimeFinal(), status.IsCommitted() ? 1 : 0]);
        return status;
    }

    note(key, n = 1) {
        this.notes[key] = (this.notes[key] || 0) + n;
    }

    write() {
        fs.mkdirSync(path.dirname(this.file), { recursive: true });
        fs.writeFileSync(this.file, JSON.stringify({ tx: this.tx, notes: this.notes }));
    }
}

/**
 * A pool of participants with at most one call in flight each: take() resolves to the next free
 * one, give() hands it back when its call has finished (to a waiting take() first). Two calls of
 * one participant at once could race for its position record (MVCC conflicts, or endorsers that
 * read different versions: "ProposalResponsePayloads do not match"), a failure of the harness,
 * not of the chaincode. A take() waits only when the rate controller runs ahead of the pool:
 * fixed-load sends at startTps until the first call has finished, whatever the load, and a slow
 * first call on a busy machine lets that outrun the pool. A waiting call has not been sent yet:
 * Caliper counts it (and its latency) from the moment it is.
 */
class ParticipantPool {
    constructor(participants, recorder) {
        this.free = participants.slice();
        this.waiting = [];
        this.recorder = recorder;
    }

    take() {
        if (this.free.length > 0) {
            return Promise.resolve(this.free.shift());
        }
        this.recorder.note('waitedForParticipant');
        return new Promise((resolve) => this.waiting.push(resolve));
    }

    give(p) {
        const next = this.waiting.shift();
        if (next) {
            next(p);
        } else {
            this.free.push(p);
        }
    }
}

module.exports = {
    PARTICIPANT_ORG, OPERATOR, METER, SLOT_SPAN, DAY_MS,
    settings, orderRounds, participantName, runDir, readPlan, workerParticipants, slotText, slotMs, afterPlanMs,
    Recorder, ParticipantPool,
};
