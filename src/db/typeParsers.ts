/**
 * Column types both engines return the same way. `date` stays a 'YYYY-MM-DD' string: parsing it
 * into a JS Date would shift it by the machine's time zone. int8 (count(*), bigserial ids) becomes
 * a number: packreg's counts and ids stay far below 2^53.
 */
export const TYPE_PARSERS: Readonly<Record<number, (value: string) => unknown>> = {
  1082: (value) => value, // date
  20: (value) => Number(value), // int8
  1700: (value) => value, // numeric: keep exact
};
