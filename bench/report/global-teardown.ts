/** After the bench specs: merge the parts into bench/results/latest.json and print the table. */
import { writeReport } from './write-report';

export default function globalTeardown(): void {
  writeReport();
}
