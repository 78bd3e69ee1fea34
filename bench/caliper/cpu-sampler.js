'use strict';
// Samples, once a second until killed, the CPU time (utime + stime, clock ticks) of every network
// process (NETWORK_HOME/pids/*.pid: CAs, orderers, peers, chaincode servers) and of Caliper (the
// process ROOT_PID and its descendants), and the whole machine's busy ticks (/proc/stat), for
// summary.js's CPU table of each round.
//
//   node cpu-sampler.js NETWORK_HOME ROOT_PID OUT_FILE
//
// OUT_FILE lines: <epoch ms> <group> <pid> <ticks>; group one of ca orderer peer cc-p2pe
// cc-<name> caliper machine (pid 0, busy ticks of all CPUs).
const fs = require('fs');
const path = require('path');

const [networkHome, rootPid, outFile] = process.argv.slice(2);
const out = fs.openSync(outFile, 'a');

function group(node) {
    if (node.startsWith('ca.')) return 'ca';
    if (node.startsWith('orderer')) return 'orderer';
    if (node.startsWith('peer')) return 'peer';
    if (node.startsWith('cc.')) return 'cc-p2pe';
    if (node.startsWith('cc-')) return node.slice(0, node.indexOf('.'));
    return 'other';
}

function stat(pid) {
    try {
        const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
        return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
    } catch (e) {
        return null;
    }
}

function descendants(root) {
    const children = new Map();
    for (const d of fs.readdirSync('/proc')) {
        if (!/^[0-9]+$/.test(d)) continue;
        const s = stat(d);
        if (!s) continue;
        if (!children.has(s.ppid)) children.set(s.ppid, []);
        children.get(s.ppid).push(Number(d));
    }
    const all = [];
    const todo = [Number(root)];
    while (todo.length) {
        const p = todo.pop();
        all.push(p);
        todo.push(...(children.get(p) || []));
    }
    return all;
}

function sample() {
    const now = Date.now();
    const lines = [];
    const pidsDir = path.join(networkHome, 'pids');
    for (const f of fs.existsSync(pidsDir) ? fs.readdirSync(pidsDir) : []) {
        const pid = fs.readFileSync(path.join(pidsDir, f), 'utf8').trim();
        const s = pid && stat(pid);
        if (s) lines.push(`${now} ${group(f.replace(/\.pid$/, ''))} ${pid} ${s.ticks}`);
    }
    for (const pid of descendants(rootPid)) {
        const s = stat(pid);
        if (s) lines.push(`${now} caliper ${pid} ${s.ticks}`);
    }
    const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    // busy = user nice system irq softirq steal (not idle, iowait)
    lines.push(`${now} machine 0 ${cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6] + (cpu[7] || 0)}`);
    fs.writeSync(out, lines.join('\n') + '\n');
}

sample();
setInterval(sample, 1000);
