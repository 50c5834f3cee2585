import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  EventType,
  type LifecycleRule,
  ObjectOwnership,
  StorageClass,
} from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { FIREHOSE_PREFIX, INCOMING_PREFIX } from '../functions/ingest/object-origin.ts';

// The prefixes are the ingest function's (object-origin.ts), so the stack and the code cannot drift.
export { FIREHOSE_PREFIX, INCOMING_PREFIX };

export interface IngestBucketProps {
  readonly retentionDays: number;
  readonly transitionDays?: number;
  readonly removalPolicy: RemovalPolicy;
}

/** Private, TLS-only, versioned bucket for raw logs; its access logs go to a sibling bucket. */
export class IngestBucket extends Construct {
  readonly bucket: Bucket;
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string, props: IngestBucketProps) {
    super(scope, id);
    const destroy = props.removalPolicy === RemovalPolicy.DESTROY;
    const expiry: LifecycleRule = {
      id: 'expire-raw-logs',
      expiration: Duration.days(props.retentionDays),
      // A shipper may overwrite its own key; the earlier version is evidence and is kept as long.
      noncurrentVersionExpiration: Duration.days(props.retentionDays),
      abortIncompleteMultipartUploadAfter: Duration.days(1),
      ...(props.transitionDays === undefined
        ? {}
        : {
            transitions: [
              {
                storageClass: StorageClass.INFREQUENT_ACCESS,
                transitionAfter: Duration.days(props.transitionDays),
              },
            ],
          }),
    };
    const privateBucket = {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: destroy,
    };
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      ...privateBucket,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(props.retentionDays) }],
    });
    this.bucket = new Bucket(this, 'Bucket', {
      ...privateBucket,
      // Versioning keeps what a shipper wrote even if the same key is written again.
      versioned: true,
      lifecycleRules: [expiry],
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'ingest-bucket/',
    });
  }

  /** Sends an S3 ObjectCreated notification for every object under `incoming/` to the queue. */
  notifyOnIncoming(queue: IQueue): void {
    this.notifyOnPrefix(INCOMING_PREFIX, queue);
  }

  /** Sends an S3 ObjectCreated notification for every object under `prefix` to the queue. */
  notifyOnPrefix(prefix: string, queue: IQueue): void {
    this.bucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(queue), { prefix });
  }

  /** The ARN pattern of every raw object, for the reader's grant. */
  get incomingObjectsArn(): string {
    return this.bucket.arnForObjects(`${INCOMING_PREFIX}*`);
  }

  /** The ARN pattern of every object the optional Firehose delivery stream writes. */
  get firehoseObjectsArn(): string {
    return this.bucket.arnForObjects(`${FIREHOSE_PREFIX}*`);
  }
}
