import { CATALOGUE_SORT_FIELDS, type TPlainCatalogue } from '@mas/shared';
import { useMemo } from 'react';
import { entityApi } from '../../components/entity-list/adapters.ts';
import { EntityListPage } from '../../components/entity-list/EntityListPage.tsx';
import type { EntityColumn } from '../../components/entity-list/types.ts';
import { useT } from '../../i18n/use-t.ts';
import type { TCatalogueRow } from '../../lib/api-types.ts';
import { formatShortDateTime } from '../../lib/format.ts';
import { disabilityDescription, disabilityLabel } from '../patients/disabilities.ts';
import { CatalogueFormDialog } from './CatalogueFormDialog.tsx';

/** Stored names as people read them: the seeded "None" disability is in English in the database. */
const nameOf = (row: TCatalogueRow) => disabilityLabel(row.name);

/** The plain catalogues (specialties, departments, disabilities, diagnoses…): name, description, status. */
export default function CataloguePage({ entity }: { entity: TPlainCatalogue }) {
  const { t } = useT();
  // The router remounts this page per entity (key), so the adapter is fixed for its life.
  const api = useMemo(() => entityApi(entity), [entity]);
  const columns = useMemo<EntityColumn<TCatalogueRow>[]>(
    () => [
      {
        field: 'name',
        headerName: t('fields.name'),
        flex: 1,
        minWidth: 180,
        ...(entity === 'disability' ? { valueGetter: (value: string) => disabilityLabel(value) } : {}),
      },
      {
        field: 'description',
        headerName: t('fields.description'),
        flex: 2,
        minWidth: 220,
        hideBelow: 'md',
        ...(entity === 'disability'
          ? { valueGetter: (value: string, row: TCatalogueRow) => disabilityDescription(row.name, value) }
          : {}),
      },
      {
        field: 'updatedAt',
        headerName: t('fields.updatedAt'),
        width: 160,
        valueFormatter: (value: Date) => formatShortDateTime(value),
        hideBelow: 'lg',
      },
    ],
    [t, entity],
  );
  return (
    <EntityListPage
      texts={{
        title: t(`entities:${entity}.other`),
        subtitle: t(`entities:${entity}.subtitle`),
        create: t(`entities:${entity}.new`),
      }}
      api={api}
      columns={columns}
      sortFields={CATALOGUE_SORT_FIELDS}
      writePermission={`${entity}.write`}
      nameOf={nameOf}
      renderForm={(row, onClose) => <CatalogueFormDialog entity={entity} row={row} onClose={onClose} />}
    />
  );
}
