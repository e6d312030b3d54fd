/**
 * meta/v1 messages (k8s.io/apimachinery `pkg/apis/meta/v1`), in the format of schema.ts.
 * `Time`, `MicroTime`, `FieldsV1`, `Quantity` and `IntOrString` are decoded by code (go-json.ts).
 */
import type { FieldSpec } from './schema';

/** meta/v1 message definitions. */
export const META_V1: Readonly<Record<string, readonly FieldSpec[]>> = {
  ObjectMeta: [
    [1, 'name', 'string', 'omitempty'],
    [2, 'generateName', 'string', 'omitempty'],
    [3, 'namespace', 'string', 'omitempty'],
    [4, 'selfLink', 'string', 'omitempty'],
    [5, 'uid', 'string', 'omitempty'],
    [6, 'resourceVersion', 'string', 'omitempty'],
    [7, 'generation', 'int64', 'omitempty'],
    [8, 'creationTimestamp', 'Time', 'omitempty'],
    [9, 'deletionTimestamp', 'Time', 'pointer', 'omitempty'],
    [10, 'deletionGracePeriodSeconds', 'int64', 'pointer', 'omitempty'],
    [11, 'labels', 'map<string, string>', 'omitempty'],
    [12, 'annotations', 'map<string, string>', 'omitempty'],
    [13, 'ownerReferences', 'repeated OwnerReference', 'omitempty'],
    [14, 'finalizers', 'repeated string', 'omitempty'],
    [17, 'managedFields', 'repeated ManagedFieldsEntry', 'omitempty'],
  ],
  OwnerReference: [
    [5, 'apiVersion', 'string'],
    [1, 'kind', 'string'],
    [3, 'name', 'string'],
    [4, 'uid', 'string'],
    [6, 'controller', 'bool', 'pointer', 'omitempty'],
    [7, 'blockOwnerDeletion', 'bool', 'pointer', 'omitempty'],
  ],
  ManagedFieldsEntry: [
    [1, 'manager', 'string', 'omitempty'],
    [2, 'operation', 'string', 'omitempty'],
    [3, 'apiVersion', 'string', 'omitempty'],
    [4, 'time', 'Time', 'pointer', 'omitempty'],
    [6, 'fieldsType', 'string', 'omitempty'],
    [7, 'fieldsV1', 'FieldsV1', 'pointer', 'omitempty'],
    [8, 'subresource', 'string', 'omitempty'],
  ],
  LabelSelector: [
    [1, 'matchLabels', 'map<string, string>', 'omitempty'],
    [2, 'matchExpressions', 'repeated LabelSelectorRequirement', 'omitempty'],
  ],
  LabelSelectorRequirement: [
    [1, 'key', 'string'],
    [2, 'operator', 'string'],
    [3, 'values', 'repeated string', 'omitempty'],
  ],
  Condition: [
    [1, 'type', 'string'],
    [2, 'status', 'string'],
    [3, 'observedGeneration', 'int64', 'omitempty'],
    [4, 'lastTransitionTime', 'Time'],
    [5, 'reason', 'string'],
    [6, 'message', 'string'],
  ],
};
