import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { i18n } from './index.ts';
import { NAMESPACES, type TNamespace } from './resources.ts';

type TAll = typeof NAMESPACES;

/**
 * `t` for one namespace (keys without a prefix) that also accepts "ns:key" for every
 * other namespace, still checked against the resources at compile time.
 */
export function useT<N extends TNamespace = 'common'>(ns?: N) {
  return useTranslation([ns ?? 'common', ...NAMESPACES] as unknown as readonly [N, ...TAll]);
}

export type TAnyT = TFunction<TAll>;

/** The same, outside components (formatters, error messages); reads the current language. */
export const tAny = ((...args: unknown[]) =>
  (i18n.t as unknown as (...a: unknown[]) => string)(...args)) as unknown as TAnyT;
