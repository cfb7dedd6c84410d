// The ESR integration's public surface (docs/esr.md): import from here, not from its files.
export {
  checkLimit,
  checkOrgCode,
  checkPersonRef,
  defaultChangesLimit,
  esrOperations,
  maxChangesLimit,
  type EsrChangesOptions,
  type EsrOperation,
  type EsrPersonRef,
  type EsrPort,
} from './port.ts';
export {
  EsrCursorExpired,
  EsrError,
  EsrMalformedResponse,
  EsrNotFound,
  EsrRequestRejected,
  EsrTimeout,
  EsrUnavailable,
  esrErrorCodes,
  esrResources,
  type EsrErrorCode,
  type EsrResource,
} from './errors.ts';
export { createEsrHttpClient, type EsrHttpClientOptions } from './http-client.ts';
export { createEsrMemoryStore, type EsrMemoryStore, type EsrMemoryStoreOptions } from './memory-store.ts';
export { EXTRACT_COLUMNS, extractFileKinds, importEsrExtract, type EsrExtract, type EsrExtractFiles, type ExtractFileKind, type ExtractProblem } from './import-extract.ts';
export { createEsrExtractAdapter, type EsrExtractAdapter, type EsrExtractLoad } from './extract-adapter.ts';
export { parseCsv, type CsvError, type CsvParseResult, type CsvRecord } from './parse-csv.ts';
export { createEsrSimulator, SimulatorRequestError, type EsrSimulator, type EsrSimulatorOptions } from './simulator/simulator.ts';
export { esrSimulatorPrefix, registerEsrSimulator, type EsrSimulatorRoutesOptions } from './simulator/register-esr-simulator.ts';
export { DEMO_ASSIGNMENT_NUMBER, DEMO_ORG_CODE, DEMO_PERSON_ID, DEMO_TRUST_NAMES } from './simulator/demo-people.ts';
export { generatePopulation, type GeneratedPopulation, type PopulationOptions } from './simulator/generate-population.ts';
export { faultKinds, type Fault, type FaultInput, type FaultKind } from './simulator/faults.ts';
