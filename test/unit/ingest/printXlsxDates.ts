// Child-process helper for the time-zone test: prints the ingested dates of a workbook as JSON.
import { openIngest } from '../../../src/ingest/openIngest.js';
import { LIMITS } from './ingestLimits.js';

const ingest = await openIngest(process.argv[2]!, { limits: LIMITS });
const out: string[][] = [];
for await (const chunk of ingest.rows) for (const row of chunk) out.push([row.values.service_start, row.values.service_end]);
process.stdout.write(JSON.stringify({ tz: Intl.DateTimeFormat().resolvedOptions().timeZone, dates: out }));
