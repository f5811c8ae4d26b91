// Score → false-match rate for comparisons that involve a contactless capture. Contactless prints
// have their own impostor distribution (different distortions, noise, enhancement), so they get
// their own tables, measured by `candor eval contactless-calibrate` and shipped as calibration.json:
//  - 'contact': a contactless capture against contact prints (the usual field search);
//  - 'contactless': a contactless capture against another contactless capture.
import { calibrationFrom, type CalibrationTable } from '../match/calibration.ts';
import type { ScoreCalibration } from '../types.ts';
import table from './calibration.json' with { type: 'json' };

interface ContactlessTables { toContact: CalibrationTable; toContactless: CalibrationTable }

const tables = table as unknown as ContactlessTables;
const toContact = calibrationFrom(tables.toContact);
const toContactless = calibrationFrom(tables.toContactless);

/** Calibration of `matchFingerprints` scores when the probe is a contactless capture. */
export function contactlessCalibration(against: 'contact' | 'contactless' = 'contact'): ScoreCalibration {
  return against === 'contact' ? toContact : toContactless;
}

/** How many impostor comparisons each table rests on (an FMR below 1/n is an extrapolation). */
export function contactlessCalibrationSize(): { toContact: number; toContactless: number } {
  return { toContact: tables.toContact.impostors, toContactless: tables.toContactless.impostors };
}
