/** Canonical test statuses in words (src/domain/status.ts), with no component library behind them (the panel loads this at once). */
export { STATUS_LABEL } from '../../src/domain/status';
