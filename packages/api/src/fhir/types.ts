import type { CapabilityStatementRestResourceSearchParam, Resource, ResourceType } from '@medplum/fhirtypes';
import type { AppDeps, SessionUser } from '../trpc.ts';
import type { Caller } from './caller.ts';

export type { Caller };

export type SearchParamType = NonNullable<CapabilityStatementRestResourceSearchParam['type']>;

export interface SearchParamDefinition {
  name: string;
  type: SearchParamType;
  documentation: string;
}

/** A validated search: each supported parameter's raw values, and the page asked for. */
export interface SearchRequest {
  params: Map<string, string[]>;
  /** 1-based page. */
  page: number;
  /** Entries per page (_count). */
  count: number;
}

export interface SearchResult<R extends Resource> {
  resources: R[];
  total: number;
  /** Resources that come with the matches (search.mode "include"), e.g. the beds of the rooms found. */
  included?: Resource[];
}

/**
 * One FHIR resource type: its mapping from MAS, read by id and search. Registered once in
 * registry.ts, from which the CapabilityStatement, the routes and the bulk export are derived.
 */
export interface ResourceModule<R extends Resource = Resource> {
  type: R['resourceType'] & ResourceType;
  /** What the resource stands for in MAS (CapabilityStatement documentation). */
  documentation: string;
  searchParams: SearchParamDefinition[];
  /** In the patient compartment (exported by Patient/$export). */
  patientCompartment: boolean;
  /** Why the type is left out of bulk export, when it is (e.g. computed availability, not records). */
  notExported?: string;
  read(caller: Caller, id: string): Promise<R>;
  search(caller: Caller, request: SearchRequest): Promise<SearchResult<R>>;
  /** Every resource of the type, batch by batch (bulk export); defaults to an unfiltered search, page by page. */
  exportAll?(context: ExportContext, emit: (resources: Resource[]) => Promise<void>): Promise<void>;
}

/** Who a bulk export reads as: the requester, through the procedures (caller) or, for one-pass reads, checked here. */
export interface ExportContext {
  caller: Caller;
  user: SessionUser;
  deps: AppDeps;
  ip: string;
}
