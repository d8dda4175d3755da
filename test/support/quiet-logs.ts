import { useLogSink } from '../../src/platform/log';

useLogSink(() => undefined);
