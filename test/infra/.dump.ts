import { writeFileSync } from 'node:fs';
import { synthPractice } from './synth.ts';
for (const p of process.argv.slice(2)) { const s = synthPractice(p); writeFileSync(`/tmp/${p}.json`, JSON.stringify(s.template.toJSON(), null, 1)); console.log(p, s.synthMs, 'ms'); }
