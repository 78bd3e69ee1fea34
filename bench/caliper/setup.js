'use strict';
// Before Caliper runs: puts the market on the LEDGER clock at a fresh day T0, registers the
// benchmark participants (bench-NN of RetailerOrg, as `p2pe bench ledger` does; their identities
// were enrolled by run.sh through network.sh enroll) and writes the slot plan (workloads/plan.js)
// to P2PE_CALIPER_RUN_DIR/plan.json. As the operator of ExchangeOrg, through its own peer's
// gateway, with the connection profile network.sh wrote.
//
//   node setup.js        (environment: NETWORK_HOME, P2PE_CALIPER_RUN_DIR and generate.js's settings)
//
// The LEDGER clock is what lets one run submit orders, clear, meter, settle and query provenance
// of the same slot within minutes: readings and settlement need the slot to have ended on the
// market clock. A market on the TIMESTAMP clock is switched to LEDGER (and stays so): run the
// benchmark on a network of its own, as run.sh does by default.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const grpc = require('@grpc/grpc-js');
const { connect, signers } = require('@hyperledger/fabric-gateway');
const { settings, orderRounds, participantName, runDir, OPERATOR, PARTICIPANT_ORG, DAY_MS } = require('./workloads/plan');

/**
 * T0 is the UTC midnight RUN_GAP_DAYS days after the day of the later of now and the ledger time:
 * more than 2 days after the previous run's last slot, while a run's readings reach back from its
 * cleared slot by one slot per reading of a participant (a few hours), so runs never share a slot.
 */
const RUN_GAP_DAYS = 3;
/** Fields of the stored MarketConfig that SetMarketConfig does not take. */
const STORED_ONLY = ['version', 'updatedAt', 'updatedBy', 'txId'];

function errorText(e) {
    const details = (e.details || []).map((d) => d.message).join('; ');
    return details ? `${e.message}: ${details}` : e.message;
}

function connectOperator(networkHome) {
    const profile = JSON.parse(fs.readFileSync(path.join(networkHome, 'profiles', `${OPERATOR.dir}.json`), 'utf8'));
    const id = profile.identities[OPERATOR.name];
    const client = new grpc.Client(profile.peerEndpoint,
        grpc.credentials.createSsl(fs.readFileSync(profile.tlsCaCert)),
        { 'grpc.ssl_target_name_override': profile.peerHostOverride });
    const gateway = connect({
        client,
        identity: { mspId: profile.mspId, credentials: fs.readFileSync(id.certPath) },
        signer: signers.newPrivateKeySigner(crypto.createPrivateKey(fs.readFileSync(id.keyPath))),
    });
    return { client, gateway, contract: gateway.getNetwork(profile.channel).getContract('p2pe') };
}

const decode = (bytes) => JSON.parse(Buffer.from(bytes).toString('utf8'));

async function ledgerConfig(contract) {
    let config;
    try {
        config = decode(await contract.evaluateTransaction('config:GetMarketConfig'));
    } catch (e) {
        if (!errorText(e).includes('NOT_CONFIGURED')) {
            throw e;
        }
        console.log('setup.js: market not configured: the defaults with clockMode LEDGER');
        return decode(await contract.submitTransaction('config:SetMarketConfig', JSON.stringify({ clockMode: 'LEDGER' })));
    }
    if (config.clockMode === 'LEDGER') {
        return config;
    }
    console.log(`setup.js: market on the ${config.clockMode} clock: switching it to LEDGER (configuration version ${config.version})`);
    const request = Object.fromEntries(Object.entries(config)
        .filter(([k, v]) => !STORED_ONLY.includes(k) && v !== null));
    request.clockMode = 'LEDGER';
    return decode(await contract.submitTransaction('config:SetMarketConfig', JSON.stringify(request)));
}

async function registerParticipants(contract, count) {
    let registered = 0;
    const one = async (i) => {
        const name = participantName(i);
        try {
            await contract.submitTransaction('participant:RegisterParticipant', JSON.stringify({
                participant: name, mspId: PARTICIPANT_ORG.msp, kind: 'HOUSEHOLD', location: `tokyo/bench/feeder-${(i + 1) % 4}`,
            }));
            registered++;
        } catch (e) {
            if (!errorText(e).includes('ALREADY_EXISTS')) {
                throw new Error(`RegisterParticipant ${name}: ${errorText(e)}`);
            }
        }
    };
    // Distinct keys: they can all be in flight at once; 16 at a time keeps the peers responsive.
    for (let i = 0; i < count; i += 16) {
        await Promise.all(Array.from({ length: Math.min(16, count - i) }, (_, k) => one(i + k)));
    }
    return registered;
}

async function main() {
    const networkHome = process.env.NETWORK_HOME;
    if (!networkHome) {
        throw new Error('NETWORK_HOME is not set (run.sh sets it)');
    }
    const s = settings(process.env);
    const { client, gateway, contract } = connectOperator(networkHome);
    try {
        const config = await ledgerConfig(contract);
        const clock = decode(await contract.evaluateTransaction('config:GetMarketClock'));
        const from = Math.max(Date.now(), clock.ledgerTime ? Date.parse(clock.ledgerTime) : 0);
        const t0 = (Math.floor(from / DAY_MS) + RUN_GAP_DAYS) * DAY_MS;
        await contract.submitTransaction('config:AdvanceLedgerTime', new Date(t0).toISOString());
        const registered = await registerParticipants(contract, s.participants);
        const plan = {
            run: (Date.now() % 100000000).toString(36),
            t0: new Date(t0).toISOString(),
            baseMs: t0 + DAY_MS,
            slotMinutes: config.slotLengthMinutes,
            timeZone: config.timeZone,
            workers: s.workers,
            participants: s.participants,
            orderRounds: orderRounds(s),
            ordersPerSlot: Math.min(s.ordersPerSlot, config.maxOpenOrdersPerParticipant),
        };
        fs.writeFileSync(path.join(runDir(), 'plan.json'), JSON.stringify(plan, null, 2) + '\n');
        console.log(`setup.js: ledger clock at ${plan.t0}; ${s.participants} participants (${registered} newly registered); `
            + `run ${plan.run}, first slot ${new Date(plan.baseMs).toISOString()}, ${plan.ordersPerSlot} orders per participant and slot`);
    } finally {
        gateway.close();
        client.close();
    }
}

main().catch((e) => {
    console.error(`setup.js: ERROR: ${errorText(e)}`);
    process.exit(1);
});
