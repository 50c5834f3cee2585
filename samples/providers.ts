/** Event providers as they appear in `<Provider>`, shared by every builder. */
export const PROFILE_SERVICE = {
  name: 'Microsoft-Windows-User Profiles Service',
  guid: '{89b1e9f0-5aff-44a6-9b44-0a07a7ce5845}',
} as const;
export const DCOM_PROVIDER = {
  name: 'Microsoft-Windows-DistributedCOM',
  guid: '{1B562E86-B7AA-4131-BADC-B6F3A001407E}',
  eventSourceName: 'DCOM',
} as const;
export const SERVICE_CONTROL_MANAGER = {
  name: 'Service Control Manager',
  guid: '{555908d1-a6d7-4695-8e1e-26931d2012f4}',
  eventSourceName: 'Service Control Manager',
} as const;
export const WAS_PROVIDER = {
  name: 'Microsoft-Windows-WAS',
  guid: '{524B5D04-133C-4A62-8362-64E8EDB9CE40}',
  eventSourceName: 'WAS',
} as const;
