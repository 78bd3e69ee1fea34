'use strict';
// The run's summary: per round the successful and failed transactions, throughput (successful
// transactions / (last finish - first creation), as Caliper computes it), p50/p99/max latency of
// the successful ones (Caliper's report has average and maximum only), and the SubmitOrder /
// reference throughput ratio of each pair of rounds at the same load; then the CPU each process
// group used in each round (cpu-sampler.js), in % of one core and in ms per successful
// transaction. Prints Markdown tables, writes them to RUN_DIR/summary.md and, given Caliper's
// report, into it above Caliper's own table.
//
//   node summary.js RUN_DIR [REPORT_HTML]
const fs = require('fs');
const path = require('path');

const dir = process.argv[2];
const bench = JSON.parse(fs.readFileSync(path.join(dir, 'benchmark.json'), 'utf8'));
const rounds = bench.test.rounds;

function pct(sorted, p) {
    if (sorted.length === 0) return NaN;
    return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

function roundStats(i) {
    const files = fs.readdirSync(path.join(dir, 'records')).filter((f) => f.startsWith(`round-${i}-w`));
    const tx = [];
    const notes = {};
    for (const f of files) {
        const r = JSON.parse(fs.readFileSync(path.join(dir, 'records', f), 'utf8'));
        tx.push(...r.tx);
        for (const [k, v] of Object.entries(r.notes)) notes[k] = (notes[k] || 0) + v;
    }
    const ok = tx.filter((t) => t[2] === 1);
    const lat = ok.map((t) => t[1] - t[0]).sort((a, b) => a - b);
    const creates = tx.map((t) => t[0]).filter((t) => t > 0);
    const start = Math.min(...creates);
    const end = Math.max(...tx.map((t) => t[1]));
    const seconds = (end - start) / 1000;
    return {
        label: rounds[i].label, load: rounds[i].rateControl.opts.transactionLoad, workers: files.length,
        succ: ok.length, fail: tx.length - ok.length, tps: tx.length ? ok.length / seconds : NaN,
        // Little's law: the load the network actually carried (below the configured one when the
        // load generators cannot keep that many in flight, e.g. starved of CPU).
        inFlight: tx.reduce((a, t) => a + (t[0] > 0 ? t[1] - t[0] : 0), 0) / (end - start),
        p50: pct(lat, 50), p99: pct(lat, 99), max: lat.length ? lat[lat.length - 1] : NaN, start, end, notes,
    };
}

function cpuByGroup(samples, start, end) {
    // Per pid: ticks at the last sample at or before `end` minus ticks at the first at or after `start`.
    const first = new Map();
    const last = new Map();
    for (const s of samples) {
        if (s.t < start || s.t > end) continue;
        const key = `${s.group} ${s.pid}`;
        if (!first.has(key)) first.set(key, s);
        last.set(key, s);
    }
    const ticks = {};
    const span = {};
    for (const [key, f] of first) {
        const l = last.get(key);
        ticks[f.group] = (ticks[f.group] || 0) + (l.ticks - f.ticks);
        span[f.group] = Math.max(span[f.group] || 0, l.t - f.t);
    }
    return { ticks, span };
}

const fmt = (v, d = 0) => (Number.isFinite(v) ? v.toFixed(d) : '-');
const stats = rounds.map((_, i) => roundStats(i));
const lines = [];
lines.push('| round | in flight: set / mean | succ | fail | throughput (tps) | p50 (ms) | p99 (ms) | max (ms) |');
lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const s of stats) {
    lines.push(`| ${s.label} | ${s.load} / ${fmt(s.inFlight, 1)} | ${s.succ} | ${s.fail} | ${fmt(s.tps, 1)} | ${fmt(s.p50)} | ${fmt(s.p99)} | ${fmt(s.max)} |`);
}
lines.push('');
lines.push('| pair (same load, same run) | SubmitOrder tps | reference tps | SubmitOrder / reference |');
lines.push('| --- | ---: | ---: | ---: |');
for (const s of stats.filter((x) => x.label.startsWith('submitorder-'))) {
    const ref = stats.find((x) => x.label === s.label.replace('submitorder-', 'reference-'));
    if (ref) {
        lines.push(`| ${s.label.replace('submitorder-', '')} | ${fmt(s.tps, 1)} | ${fmt(ref.tps, 1)} | ${fmt(s.tps / ref.tps, 2)}× |`);
    }
}
for (const s of stats.filter((x) => x.notes.waitedForParticipant)) {
    lines.push('', `${s.label}: ${s.notes.waitedForParticipant} calls waited for an idle participant before they were sent`);
}
for (const s of stats.filter((x) => x.notes.buyers)) {
    lines.push('', `${s.label}: ${s.notes.buyersWithProvenance} of ${s.notes.buyers} buyers of the settled slots have a provenance record`);
}

// Why calls failed, from Caliper's log: the connector logs each failure with the chaincode's
// error code, or the validation code of a transaction that did not commit.
const logFile = path.join(dir, 'caliper.log');
if (fs.existsSync(logFile)) {
    const reasons = new Map();
    const log = fs.readFileSync(logFile, 'utf8').split('\n');
    log.forEach((l, i) => {
        const m = /Failed to perform (submit|query) transaction \[([^\]]+)\]/.exec(l);
        if (!m) return;
        // A gateway error's details (one line per peer, `-  host:port:message`) follow the line.
        const details = log.slice(i + 1, i + 5).filter((d) => /^-\s+\S+:\d+:/.test(d)).join(' ');
        const text = `${l} ${details}`;
        const why = /chaincode response \d+, ([A-Z_]+)/.exec(text) || /status code: (\d+)/.exec(text)
            || /^-\s+\S+?:\d+:(.{0,60})/.exec(log.slice(i + 1, i + 5).find((d) => /^-\s/.test(d)) || '')
            || /with error: (?:Error: )?([^:]{0,60})/.exec(l);
        const key = `${m[2]}: ${why ? why[1].trim() : '?'}`;
        reasons.set(key, (reasons.get(key) || 0) + 1);
    });
    if (reasons.size) {
        lines.push('', 'Failures by transaction and reason (validation codes: 11 MVCC_READ_CONFLICT, 10 ENDORSEMENT_POLICY_FAILURE):', '');
        for (const [k, n] of [...reasons].sort((a, b) => b[1] - a[1])) lines.push(`- ${k}: ${n}`);
    }
}

const cpuFile = path.join(dir, 'cpu.txt');
if (fs.existsSync(cpuFile)) {
    const hz = Number(process.env.CLK_TCK || 100);
    const samples = fs.readFileSync(cpuFile, 'utf8').split('\n').filter(Boolean).map((l) => {
        const [t, group, pid, ticks] = l.split(' ');
        return { t: Number(t), group, pid, ticks: Number(ticks) };
    });
    const groups = ['peer', 'orderer', 'cc-p2pe', 'cc-reference', 'ca', 'caliper', 'machine'];
    lines.push('');
    lines.push('CPU per round, % of one core (ms of CPU per successful transaction); `machine` is every process on the machine:');
    lines.push('');
    lines.push(`| round | ${groups.join(' | ')} |`);
    lines.push(`| --- |${groups.map(() => ' ---: |').join('')}`);
    for (const s of stats.filter((x) => x.succ > 50)) {
        const { ticks, span } = cpuByGroup(samples, s.start, s.end);
        const cells = groups.map((g) => {
            if (!span[g]) return '-';
            const cpuMs = (ticks[g] / hz) * 1000;
            return `${fmt((100 * cpuMs) / span[g])} % (${fmt(cpuMs / s.succ, 1)})`;
        });
        lines.push(`| ${s.label} | ${cells.join(' | ')} |`);
    }
}
// The peers' view (their logs, copied by run.sh before the network goes down): how long each
// endorsement's chaincode execution took (`finished chaincode: NAME duration`: the shim's
// exchanges with the peer included) and how the blocks were cut and committed.
const logDir = path.join(dir, 'logs');
if (fs.existsSync(logDir)) {
    const peerLogs = fs.readdirSync(logDir).filter((f) => /^peer0\..*\.log$/.test(f));
    const when = (l) => Date.parse(`${l.slice(0, 10)}T${l.slice(11, 23)}Z`);
    const execs = [];
    const blocks = [];
    for (const f of peerLogs) {
        for (const l of fs.readFileSync(path.join(logDir, f), 'utf8').split('\n')) {
            let m = /finished chaincode: (\S+) duration: (\d+)ms/.exec(l);
            if (m) execs.push({ t: when(l), cc: m[1], ms: Number(m[2]) });
            m = /Committed block \[\d+\] with (\d+) transaction\(s\) in (\d+)ms/.exec(l);
            if (m && f === 'peer0.retailerorg.log') blocks.push({ t: when(l), tx: Number(m[1]), ms: Number(m[2]) });
        }
    }
    lines.push('');
    lines.push('The peers\' logs per round: chaincode execution per endorsement (all peers) and blocks committed on peer0.retailerorg:');
    lines.push('');
    lines.push('| round | chaincode | executions | p50 / p99 (ms) | mean (ms) | blocks | transactions per block | commit per block (ms) |');
    lines.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const s of stats.filter((x) => x.succ > 0)) {
        const cc = s.label.startsWith('reference-') ? 'reference' : 'p2pe';
        const e = execs.filter((x) => x.cc === cc && x.t >= s.start && x.t <= s.end).map((x) => x.ms).sort((a, b) => a - b);
        const b = blocks.filter((x) => x.t >= s.start && x.t <= s.end + 500);
        const mean = (a) => a.reduce((x, y) => x + y, 0) / a.length;
        lines.push(`| ${s.label} | ${cc} | ${e.length} | ${fmt(pct(e, 50))} / ${fmt(pct(e, 99))} | ${fmt(mean(e), 1)} | ${b.length} | `
            + `${fmt(mean(b.map((x) => x.tx)), 1)} | ${fmt(mean(b.map((x) => x.ms)), 1)} |`);
    }
}

const text = lines.join('\n') + '\n';
fs.writeFileSync(path.join(dir, 'summary.md'), text);
process.stdout.write(text);

// The same tables in Caliper's report, above its own (so the report shows SubmitOrder beside the
// reference chaincode with the ratio): Markdown tables to HTML tables, other lines to paragraphs.
const escape = (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
function html(mdLines) {
    const out = [];
    let row = 0;
    for (const l of mdLines) {
        if (l.startsWith('|')) {
            const cells = l.slice(1, -1).split('|').map((c) => escape(c.trim()));
            if (row === 0) out.push('<table style="min-width: 100%;">');
            if (!cells.every((c) => /^-+:?$/.test(c))) {
                const tag = row === 0 ? 'th' : 'td';
                out.push(`<tr>${cells.map((c) => `<${tag}>${c}</${tag}>`).join(' ')}</tr>`);
            }
            row++;
        } else {
            if (row > 0) out.push('</table>');
            row = 0;
            if (l.trim()) out.push(`<p>${escape(l)}</p>`);
        }
    }
    if (row > 0) out.push('</table>');
    return out.join('\n');
}
const report = process.argv[3];
if (report && fs.existsSync(report)) {
    const anchor = /(<h1[^>]*>Caliper report<\/h1>)/;
    const page = fs.readFileSync(report, 'utf8');
    if (anchor.test(page) && !page.includes('id="p2pe-summary"')) {
        const section = `<div id="p2pe-summary" style="border-bottom: 1px solid #d9d9d9; margin-bottom: 10px;">\n`
            + `<h3>p2pe: SubmitOrder beside the reference chaincode (bench/caliper/summary.js)</h3>\n${html(lines)}\n</div>`;
        fs.writeFileSync(report, page.replace(anchor, (h1) => `${h1}\n${section}`));
    }
}
