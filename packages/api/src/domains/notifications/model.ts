import type { TCodedLabel, TEntity, TNotificationType } from '@mas/shared';
import { model, Schema, type Types } from 'mongoose';
import { ObjectIdType } from '../../db/schema.ts';

/** One row per recipient, so read state is theirs alone and nothing is broadcast. */
export interface NotificationDoc {
  _id: Types.ObjectId;
  recipientId: Types.ObjectId;
  type: TNotificationType;
  entity: TEntity;
  entityId: string | null;
  /** Short, non-clinical: a name as typed, or a composed label (a bed) as a code and params. */
  params: { label?: string; coded?: TCodedLabel };
  actorUsername: string;
  read: boolean;
  createdAt: Date;
}

const schema = new Schema<NotificationDoc>(
  {
    recipientId: { type: ObjectIdType, required: true },
    type: { type: String, required: true },
    entity: { type: String, required: true },
    entityId: { type: String, default: null },
    params: {
      type: new Schema(
        { label: { type: String }, coded: { type: Schema.Types.Mixed } },
        { _id: false, strict: 'throw' },
      ),
      default: {},
    },
    actorUsername: { type: String, required: true },
    read: { type: Boolean, default: false },
    createdAt: { type: Date, required: true },
  },
  { collection: 'notifications', versionKey: false, strict: 'throw' },
);
// The drawer's tabs and the badge: own rows, by read state, newest first.
schema.index({ recipientId: 1, read: 1, createdAt: -1, _id: -1 });
// The All tab: own rows newest first without a read-state field between owner and date.
schema.index({ recipientId: 1, createdAt: -1, _id: -1 });
schema.index({ recipientId: 1, _id: 1 });
// The retention purge.
schema.index({ createdAt: 1 });

export const Notification = model<NotificationDoc>('Notification', schema);
