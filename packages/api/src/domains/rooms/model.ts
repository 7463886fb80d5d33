import type { Types } from 'mongoose';
import { Schema } from 'mongoose';
import { catalogueModel, type CatalogueDoc } from '../../crud/catalogue-model.ts';
import { ObjectIdType } from '../../db/schema.ts';

export interface RoomDoc extends CatalogueDoc {
  bedCount: number;
  departmentId: Types.ObjectId | null;
  /** Beds set aside by staff (cleaning, out of service); absent means available or occupied. */
  bedStates: Array<{ bed: number; status: 'available' | 'cleaning' | 'outOfService' }>;
}

export const Room = catalogueModel<RoomDoc>('Room', 'rooms', {
  bedCount: { type: Number, required: true, min: 1 },
  departmentId: { type: ObjectIdType, default: null },
  bedStates: { type: [new Schema({ bed: Number, status: String }, { _id: false })], default: [] },
});
Room.schema.index({ departmentId: 1 });
