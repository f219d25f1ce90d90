/**
 * `npm run conformance`: Bulwark against KICS's test fixtures (../shared/corpus/kics, or
 * BULWARK_KICS_CORPUS), one table per query mapped to a rule of the registry, then the totals per
 * platform. The comparison rules and accepted differences are in test/conformance/queries.json.
 * Exits 1 when the targets are missed, as the conformance test does.
 */
import { conformanceFailures, corpusAvailable, DEFAULT_CORPUS, formatReport, runConformance } from '../test/conformance/kics';

if (!corpusAvailable()) {
  console.error(`conformance: no KICS corpus at ${DEFAULT_CORPUS} (set BULWARK_KICS_CORPUS)`);
  process.exit(2);
}
const report = runConformance();
console.log(formatReport(report));
process.exitCode = conformanceFailures(report).length === 0 ? 0 : 1;
