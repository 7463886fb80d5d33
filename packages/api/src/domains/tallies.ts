// Every counter and index the screens read (db/tallies.ts), defined by its domain: importing this module
// registers them all, for the start-up check, the repair job and bulk loads (seed, benchmark).
import './admissions/tally.ts';
import './admissions/days.ts';
import './notifications/service.ts';
import '../core/audit.ts';
