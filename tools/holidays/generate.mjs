// The State Council's holiday schedules (国务院办公厅关于某年部分节假日安排的通知) as one committed table:
// src/Linli/Resources/work-calendar.json, a list of years in holiday-cn's shape
// ({year, papers: [notice URLs], days: [{name, date, isOffDay}]}), read by Linli's WorkCalendar.
// Input: holiday-cn/{year}.json beside this file, copied from the public holiday-cn data set (MIT,
// LICENSE-holiday-cn); a year whose notice is not out yet has no papers and is left out, so Linli
// treats it as provisional. Run with `node generate.mjs` when a new year's file is added; no packages.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const input = join(here, 'holiday-cn');
const output = join(here, '..', '..', 'src', 'Linli', 'Resources', 'work-calendar.json');

const years = readdirSync(input)
  .filter((f) => /^\d{4}\.json$/.test(f))
  .map((f) => JSON.parse(readFileSync(join(input, f), 'utf8')))
  .filter((y) => y.papers.length > 0 && y.days.length > 0)
  .sort((a, b) => a.year - b.year)
  .map((y) => ({
    year: y.year,
    papers: y.papers,
    days: y.days
      .map((d) => ({ name: d.name, date: d.date, isOffDay: d.isOffDay }))
      .sort((a, b) => a.date.localeCompare(b.date)),
  }));

const text = '[\n' + years.map((y) => JSON.stringify(y)).join(',\n') + '\n]\n';
writeFileSync(output, text);
console.log(`wrote ${output}: ${years.map((y) => `${y.year} (${y.days.length} days)`).join(', ')}`);
