import { z } from 'zod';

/** Whole đồng, never negative: money is counted exactly, in integers. */
export const MoneySchema = z.number().int().nonnegative();

/** A count of rows, donors or people. */
export const CountSchema = z.number().int().nonnegative();
