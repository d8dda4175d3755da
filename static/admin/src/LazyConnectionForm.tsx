/** The connection form, loaded (with the Select it brings) only when a connection is added or edited. */
import { lazy, Suspense } from 'react';
import { Loading } from '../../shared/Loading';
import type { ConnectionFormProps } from './ConnectionForm';

const ConnectionForm = lazy(() => import('./ConnectionForm').then((m) => ({ default: m.ConnectionForm })));

export function LazyConnectionForm(props: ConnectionFormProps) {
  return (
    <Suspense fallback={<Loading label="Loading the connection form" />}>
      <ConnectionForm {...props} />
    </Suspense>
  );
}
