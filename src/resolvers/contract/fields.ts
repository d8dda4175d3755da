/** Field schemas the resolver payloads share. */
import { z } from 'zod';

/** An id named in a payload (a connection's, a project's, a run's). */
export const id = z.string().trim().min(1, 'is required').max(100, 'is longer than 100 characters');
