// The command-line interface is its own piece of work (see the README's roadmap).
// Until it lands, say so plainly instead of pretending.
process.stderr.write(
  'qmon: the command-line interface is not available yet; use the library (import { QmpClient } from "qmon").\n',
);
process.exitCode = 2;
