import { Tags } from 'aws-cdk-lib';
import {
  InstanceProfile,
  ManagedPolicy,
  PolicyStatement,
  Role,
  ServicePrincipal,
  SessionTagsPrincipal,
} from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { INCOMING_PREFIX } from './ingest-bucket.ts';
import { acknowledgeWildcardResource } from './nag-findings.ts';

/** The role tag that names a host's prefix when shippers use one role per host (EC2 instance profiles). */
export const HOST_TAG = 'hivewatch-host';

/*
 * How a shipper is confined to `incoming/<its host>/`: one managed policy for the whole fleet, whose resource ARN
 * holds an IAM policy variable that AWS fills in from the caller's principal tags at request time.
 * - role-tag: `${aws:PrincipalTag/hivewatch-host}`, a tag on the caller's role. Needs one role per host (an EC2
 *   instance profile each); fine for tens or hundreds of servers, and no extra service.
 * - certificate-cn: `${aws:PrincipalTag/x509Subject/CN}`, which IAM Roles Anywhere sets from the subject CN of the
 *   host's X.509 certificate. One role for the whole fleet, on premises or in EC2; the identity is the machine
 *   certificate the domain already issues, and scales to any fleet size (the IAM role quota does not).
 * Either way a caller without the tag matches nothing (the Null condition makes that explicit), and the policy grants
 * only s3:PutObject: no reads, no listing, no deletes, no ACLs, nothing outside its own prefix.
 */
const PREFIX_VARIABLE = {
  'role-tag': `aws:PrincipalTag/${HOST_TAG}`,
  'certificate-cn': 'aws:PrincipalTag/x509Subject/CN',
} as const;

export type ShipperIdentity = keyof typeof PREFIX_VARIABLE;

export interface ShipperAccessProps {
  readonly bucket: IBucket;
  readonly identity: ShipperIdentity;
  /** Tag value on the example role (role-tag). */
  readonly exampleHost: string;
  /** Trust anchor the example role trusts (certificate-cn). */
  readonly trustAnchorArn?: string;
}

/** The managed policy every shipper gets, and an example role that carries it. */
export class ShipperAccess extends Construct {
  readonly policy: ManagedPolicy;
  readonly exampleRole: Role;
  readonly instanceProfile?: InstanceProfile;

  constructor(scope: Construct, id: string, props: ShipperAccessProps) {
    super(scope, id);
    const variable = PREFIX_VARIABLE[props.identity];
    const ownPrefix = props.bucket.arnForObjects(`${INCOMING_PREFIX}\${${variable}}/*`);
    this.policy = new ManagedPolicy(this, 'Policy', {
      description: `Lets a log shipper put objects under ${INCOMING_PREFIX}<its host>/ of the hivewatch bucket, nothing else`,
      statements: [
        new PolicyStatement({
          sid: 'PutOwnHostPrefixOnly',
          actions: ['s3:PutObject'],
          resources: [ownPrefix],
          conditions: { Null: { [variable]: 'false' } },
        }),
      ],
    });
    acknowledgeWildcardResource(
      this.policy,
      ownPrefix,
      "The wildcard is the object name inside the caller's own host prefix, which the policy variable fixes.",
    );

    if (props.identity === 'role-tag') {
      this.exampleRole = new Role(this, 'ExampleRole', {
        description: `Example shipper role for one EC2 host (${props.exampleHost}); copy it per host`,
        assumedBy: new ServicePrincipal('ec2.amazonaws.com'),
        managedPolicies: [this.policy],
      });
      Tags.of(this.exampleRole).add(HOST_TAG, props.exampleHost);
      this.instanceProfile = new InstanceProfile(this, 'ExampleInstanceProfile', { role: this.exampleRole });
    } else {
      this.exampleRole = new Role(this, 'ExampleRole', {
        description: 'Example shipper role for hosts authenticating with IAM Roles Anywhere certificates',
        // Roles Anywhere tags the session with the certificate's subject fields (x509Subject/CN, ...).
        assumedBy: new SessionTagsPrincipal(
          new ServicePrincipal('rolesanywhere.amazonaws.com'),
        ).withConditions({
          ArnEquals: { 'aws:SourceArn': props.trustAnchorArn },
        }),
        managedPolicies: [this.policy],
      });
      this.exampleRole.assumeRolePolicy?.addStatements(
        new PolicyStatement({
          principals: [new ServicePrincipal('rolesanywhere.amazonaws.com')],
          actions: ['sts:SetSourceIdentity'],
          conditions: { ArnEquals: { 'aws:SourceArn': props.trustAnchorArn } },
        }),
      );
    }
  }

  /** The policy variable in the shipper policy's resource ARN. */
  static prefixVariable(identity: ShipperIdentity): string {
    return PREFIX_VARIABLE[identity];
  }
}
