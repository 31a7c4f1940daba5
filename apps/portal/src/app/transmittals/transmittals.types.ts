import type { components } from '../core/api/openapi';

/** Transmittals as the API returns them (apps/api/src/transmittals/dto), from the generated OpenAPI types. */
type Schemas = components['schemas'];
export type Transmittal = Schemas['TransmittalDto'];
export type TransmittalSummary = Schemas['TransmittalSummaryDto'];
export type TransmittalContent = Schemas['TransmittalContentDto'];
export type TransmittalPurpose = TransmittalSummary['purpose'];
export type TransmittalStatus = TransmittalSummary['status'];
export type SupplierState = NonNullable<TransmittalSummary['supplierState']>;
export type TransmittalInput = Schemas['CreateTransmittalDto'];
export type NewTransmittalContent = Schemas['TransmittalContentInputDto'];
export type TransmittalReceipts = Schemas['ReceiptMatrixDto'];
export type ReceiptUser = Schemas['UserReceiptDto'];
export type ContentReceipt = Schemas['ContentReceiptRowDto'];
export type ReviewCode = Schemas['ReviewCodeOutDto'];
export type TransmittalSettings = Schemas['TransmittalSettingsDto'];
export type TransmittalSettingsInput = Schemas['TransmittalSettingsInputDto'];
export type TransmittalResponseInput = Schemas['TransmittalResponseInputDto'];
export type Responders = Schemas['RespondersOutDto'];
