'use strict';
// Writes Caliper's network configuration and benchmark configuration for the running test
// network, from what network.sh wrote there (nothing hand-edited): the connection profiles
// NETWORK_HOME/profiles/<org>.json (docs/network.md) give each org's MSP id, peer endpoint, TLS
// server name, TLS CA and the identities' certificate and key paths.
//
//   node generate.js OUT_DIR
//
// Out: OUT_DIR/network.json (Caliper network configuration 2.0.0; one connection profile per org
// beside it) and OUT_DIR/benchmark.json (the rounds). Settings from the environment (run.sh sets
// them, with the defaults it documents): NETWORK_HOME, BENCH_PARTICIPANTS, CALIPER_WORKERS,
// FIXED_LOAD, SATURATION_LOAD, SATURATION_PAIRS, ROUND_SECONDS, WARMUP_SECONDS, READING_SECONDS,
// QUERY_SECONDS, ORDERS_PER_SLOT.
const fs = require('fs');
const path = require('path');
const { settings, orderRounds, participantName, PARTICIPANT_ORG, OPERATOR, METER } = require('./workloads/plan');

function readProfile(networkHome, org) {
    const file = path.join(networkHome, 'profiles', `${org}.json`);
    if (!fs.existsSync(file)) {
        throw new Error(`no connection profile ${file}: is the network up (network.sh up)?`);
    }
    return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Caliper's per-org connection profile: the org's own peer, over TLS, with its TLS server name. */
function connectionProfile(profile) {
    const peerName = profile.peerHostOverride;
    return {
        name: profile.name,
        version: '1.0.0',
        client: { organization: profile.org },
        organizations: { [profile.org]: { mspid: profile.mspId, peers: [peerName] } },
        peers: {
            [peerName]: {
                url: `grpcs://${profile.peerEndpoint}`,
                tlsCACerts: { path: profile.tlsCaCert },
                grpcOptions: { 'ssl-target-name-override': peerName },
            },
        },
    };
}

function certificate(profile, name) {
    const id = profile.identities[name];
    if (!id) {
        throw new Error(`no identity ${name} in the profile of ${profile.org}: run.sh enrols it first (network.sh enroll)`);
    }
    return { name, clientPrivateKey: { path: id.keyPath }, clientSignedCert: { path: id.certPath } };
}

function networkConfig(networkHome, outDir, s) {
    const orgs = [
        { dir: PARTICIPANT_ORG.dir, names: Array.from({ length: s.participants }, (_, i) => participantName(i)) },
        { dir: OPERATOR.dir, names: [OPERATOR.name] },
        { dir: METER.dir, names: [METER.name] },
    ];
    let channel;
    const organizations = orgs.map(({ dir, names }) => {
        const profile = readProfile(networkHome, dir);
        channel = profile.channel;
        const cpFile = path.join(outDir, `connection-${dir}.json`);
        fs.writeFileSync(cpFile, JSON.stringify(connectionProfile(profile), null, 2) + '\n');
        return {
            mspid: profile.mspId,
            identities: { certificates: names.map((n) => certificate(profile, n)) },
            connectionProfile: { path: cpFile, discover: true },
        };
    });
    return {
        name: 'p2pe-test-network',
        version: '2.0.0',
        caliper: { blockchain: 'fabric' },
        channels: [{ channelName: channel, contracts: [{ id: 'p2pe' }, { id: 'reference' }] }],
        organizations,
    };
}

// Caliper's fixed-load controller sends at startTps until the first transaction has finished,
// without looking at the load: a quarter of the load per second keeps that start below the load
// (and the participants: one call in flight each) even when the first call takes 2-3 s.
function fixedLoad(load) {
    return { type: 'fixed-load', opts: { transactionLoad: load, startTps: Math.max(1, Math.ceil(load / 4)) } };
}

function benchmark(s) {
    const rounds = [];
    let orderRound = 0;
    const pair = (suffix, load, seconds) => {
        rounds.push({
            label: `reference-${suffix}`,
            description: `reference chaincode Put (one putState of 200 bytes), ${load} in flight`,
            txDuration: seconds, rateControl: fixedLoad(load),
            workload: { module: 'workloads/reference-put.js', arguments: {} },
        });
        rounds.push({
            label: `submitorder-${suffix}`,
            description: `p2pe order:SubmitOrder by distinct participants (one call in flight each), ${load} in flight`,
            txDuration: seconds, rateControl: fixedLoad(load),
            workload: { module: 'workloads/submit-order.js', arguments: { orderRound: orderRound++ } },
        });
    };
    // Both chaincode servers' JVMs start cold (interpreted code, then JIT): the first pair warms
    // them, so that the measured pairs compare compiled code with compiled code.
    pair('warmup', s.fixedLoad, s.warmupSeconds);
    pair(`load${s.fixedLoad}`, s.fixedLoad, s.roundSeconds);
    for (let i = 1; i <= s.saturationPairs; i++) {
        pair(`saturation${s.saturationPairs > 1 ? i : ''}`, s.saturationLoad, s.roundSeconds);
    }
    if (orderRound !== orderRounds(s)) {
        throw new Error(`${orderRound} SubmitOrder rounds, plan.js counts ${orderRounds(s)}`);
    }
    const lastOrderRound = orderRound - 1;
    // One slot per worker: the slot its participants just filled in the last SubmitOrder round.
    const perWorker = (label, fn, description) => ({
        label, description, txNumber: s.workers, rateControl: { type: 'fixed-load', opts: { transactionLoad: s.workers, startTps: s.workers } },
        workload: { module: 'workloads/slot-operation.js', arguments: { orderRound: lastOrderRound, function: fn } },
    });
    rounds.push(perWorker('closeslot', 'slot:CloseSlot', 'operator closes the slot just filled (one per worker)'));
    rounds.push(perWorker('clearslot', 'slot:ClearSlot', 'operator clears the slot just filled (one per worker)'));
    rounds.push({
        label: `meterreading-load${s.fixedLoad}`,
        description: `meter:RecordMeterReading by GridOrg's meter, one reading in flight per participant, ${s.fixedLoad} in flight`,
        txDuration: s.readingSeconds, rateControl: fixedLoad(s.fixedLoad),
        workload: { module: 'workloads/meter-reading.js', arguments: { orderRound: lastOrderRound } },
    });
    rounds.push(perWorker('settleslot', 'settlement:SettleSlot', 'operator settles the cleared slot (one per worker)'));
    rounds.push({
        label: `provenance-load${s.fixedLoad}`,
        description: `provenance:GetProvenance of a buyer of the settled slot by that buyer (evaluate), ${s.fixedLoad} in flight`,
        txDuration: s.querySeconds, rateControl: fixedLoad(s.fixedLoad),
        workload: { module: 'workloads/provenance.js', arguments: { orderRound: lastOrderRound } },
    });
    return {
        test: {
            name: 'p2pe-beside-reference',
            description: 'p2pe transactions beside the reference chaincode on the same network, in one run',
            workers: { number: s.workers },
            rounds,
        },
    };
}

function main() {
    const outDir = path.resolve(process.argv[2] || '.run');
    const networkHome = process.env.NETWORK_HOME;
    if (!networkHome) {
        throw new Error('NETWORK_HOME is not set (run.sh sets it)');
    }
    const s = settings(process.env);
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, 'network.json'), JSON.stringify(networkConfig(networkHome, outDir, s), null, 2) + '\n');
    fs.writeFileSync(path.join(outDir, 'benchmark.json'), JSON.stringify(benchmark(s), null, 2) + '\n');
    console.log(`generate.js: ${outDir}/network.json (${s.participants} participants, operator, meter), `
        + `benchmark.json (${benchmark(s).test.rounds.length} rounds, ${s.workers} workers)`);
}

try {
    main();
} catch (e) {
    console.error(`generate.js: ERROR: ${e.message}`);
    process.exit(1);
}
