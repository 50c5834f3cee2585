#Requires -RunAsAdministrator
<#
.SYNOPSIS
  Registers Fluent Bit as the Windows service that ships this server's events to hivewatch.

.DESCRIPTION
  Run once per server, in an elevated Windows PowerShell 5.1 or PowerShell 7, after installing Fluent Bit 5.1.1 or
  later (the MSI or EXE from https://docs.fluentbit.io/manual/installation/downloads/windows). It:
    1. creates C:\ProgramData\hivewatch\fluent-bit (bookmarks, buffers, log), readable by SYSTEM and
       Administrators only: it holds Security log events;
    2. copies fluent-bit.yaml there;
    3. registers the service "fluent-bit" (LocalSystem: the Security channel needs it), started at boot and
       restarted on failure, with HIVEWATCH_HOST, HIVEWATCH_BUCKET and HIVEWATCH_REGION in its environment;
    4. with -RolesAnywhere: registers the task "hivewatch-credentials", which runs `aws_signing_helper update` as
       SYSTEM from boot on and keeps C:\ProgramData\hivewatch\aws\credentials fresh, and points the service at that
       file with AWS_SHARED_CREDENTIALS_FILE (Fluent Bit's credential_process is Linux-only);
    5. starts the service.
  Without -RolesAnywhere, Fluent Bit takes the EC2 instance profile's credentials.
  Running it again updates the configuration and the environment.

.EXAMPLE
  # EC2, instance profile whose role is tagged hivewatch-host=web01
  .\install-fluent-bit.ps1 -Bucket hivewatch-storageingestbucket-abc123 -Region eu-west-1 -HostName web01

.EXAMPLE
  # On premises, IAM Roles Anywhere with the machine certificate exported to files (see shipping/README.md)
  .\install-fluent-bit.ps1 -Bucket hivewatch-storageingestbucket-abc123 -Region eu-west-1 `
    -HostName WEB01.corp.example.com -RolesAnywhere `
    -TrustAnchorArn arn:aws:rolesanywhere:eu-west-1:123456789012:trust-anchor/… `
    -ProfileArn arn:aws:rolesanywhere:eu-west-1:123456789012:profile/… `
    -RoleArn arn:aws:iam::123456789012:role/… `
    -Certificate C:\ProgramData\hivewatch\aws\host.pem -PrivateKey C:\ProgramData\hivewatch\aws\host.key
#>
[CmdletBinding(DefaultParameterSetName = 'InstanceProfile')]
param(
  # The stack output IngestBucketName.
  [Parameter(Mandatory)] [string] $Bucket,
  # The stack's region.
  [Parameter(Mandatory)] [string] $Region,
  # Exactly the role's hivewatch-host tag (role-tag) or the certificate's CN (certificate-cn), case included:
  # IAM lets this server write under incoming/<that name>/ and nowhere else.
  [string] $HostName = $env:COMPUTERNAME.ToLowerInvariant(),
  [string] $FluentBit = 'C:\Program Files\fluent-bit\bin\fluent-bit.exe',
  [string] $ServiceName = 'fluent-bit',

  [Parameter(ParameterSetName = 'RolesAnywhere', Mandatory)] [switch] $RolesAnywhere,
  [Parameter(ParameterSetName = 'RolesAnywhere', Mandatory)] [string] $TrustAnchorArn,
  [Parameter(ParameterSetName = 'RolesAnywhere', Mandatory)] [string] $ProfileArn,
  [Parameter(ParameterSetName = 'RolesAnywhere', Mandatory)] [string] $RoleArn,
  [Parameter(ParameterSetName = 'RolesAnywhere', Mandatory)] [string] $Certificate,
  [Parameter(ParameterSetName = 'RolesAnywhere', Mandatory)] [string] $PrivateKey,
  [Parameter(ParameterSetName = 'RolesAnywhere')] [string] $SigningHelper = 'C:\Program Files\hivewatch\aws_signing_helper.exe'
)
$ErrorActionPreference = 'Stop'

if (-not (Test-Path $FluentBit)) { throw "Fluent Bit is not at ${FluentBit}: install it first, or pass -FluentBit" }
if ($HostName -notmatch '^[A-Za-z0-9][A-Za-z0-9.-]*$') { throw "HostName '$HostName' is not a host name" }

$root = 'C:\ProgramData\hivewatch'
$data = Join-Path $root 'fluent-bit'

# SYSTEM and Administrators only, not inherited: the buffers hold Security events, the credentials file keys.
function New-PrivateFolder([string] $Path) {
  New-Item -ItemType Directory -Force -Path $Path | Out-Null
  & icacls.exe $Path /inheritance:r /grant:r 'SYSTEM:(OI)(CI)F' 'BUILTIN\Administrators:(OI)(CI)F' | Out-Null
  if ($LASTEXITCODE -ne 0) { throw "icacls failed on $Path" }
}

New-PrivateFolder $root
New-PrivateFolder $data
New-Item -ItemType Directory -Force -Path (Join-Path $data 'storage'), (Join-Path $data 's3') | Out-Null
$config = Join-Path $data 'fluent-bit.yaml'
Copy-Item -Force (Join-Path $PSScriptRoot 'fluent-bit.yaml') $config

$environment = @("HIVEWATCH_HOST=$HostName", "HIVEWATCH_BUCKET=$Bucket", "HIVEWATCH_REGION=$Region")

if ($RolesAnywhere) {
  if (-not (Test-Path $SigningHelper)) { throw "aws_signing_helper is not at ${SigningHelper}: pass -SigningHelper" }
  $aws = Join-Path $root 'aws'
  New-PrivateFolder $aws
  $credentials = Join-Path $aws 'credentials'
  # The helper runs until stopped, writing new credentials five minutes before the old ones expire.
  $refresh = Join-Path $aws 'refresh-credentials.ps1'
  @(
    '$ErrorActionPreference = ''Stop'''
    "`$env:AWS_SHARED_CREDENTIALS_FILE = '$credentials'"
    "& '$SigningHelper' update --certificate '$Certificate' --private-key '$PrivateKey' ``"
    "  --trust-anchor-arn '$TrustAnchorArn' --profile-arn '$ProfileArn' --role-arn '$RoleArn' --region '$Region'"
    'exit $LASTEXITCODE'
  ) | Set-Content -Encoding UTF8 -Path $refresh

  $action = New-ScheduledTaskAction -Execute 'powershell.exe' `
    -Argument "-NoProfile -NonInteractive -ExecutionPolicy Bypass -File `"$refresh`""
  $settings = New-ScheduledTaskSettingsSet -StartWhenAvailable -RestartCount 999 `
    -RestartInterval (New-TimeSpan -Minutes 1) -ExecutionTimeLimit ([TimeSpan]::Zero)
  Register-ScheduledTask -TaskName 'hivewatch-credentials' -Force -Action $action -Settings $settings `
    -Trigger (New-ScheduledTaskTrigger -AtStartup) `
    -Principal (New-ScheduledTaskPrincipal -UserId 'SYSTEM' -LogonType ServiceAccount -RunLevel Highest) | Out-Null
  Stop-ScheduledTask -TaskName 'hivewatch-credentials' -ErrorAction SilentlyContinue
  Start-ScheduledTask -TaskName 'hivewatch-credentials'

  $deadline = (Get-Date).AddSeconds(30)
  while (-not (Test-Path $credentials) -or (Get-Item $credentials).Length -eq 0) {
    if ((Get-Date) -gt $deadline) {
      throw "no credentials in $credentials after 30 s: run $refresh by hand to see aws_signing_helper's error"
    }
    Start-Sleep -Seconds 2
  }
  $environment += "AWS_SHARED_CREDENTIALS_FILE=$credentials"
}

$binaryPath = "`"$FluentBit`" -c `"$config`""
$existing = Get-Service -Name $ServiceName -ErrorAction SilentlyContinue
if ($existing) {
  if ($existing.Status -ne 'Stopped') { Stop-Service -Name $ServiceName -Force }
  & sc.exe config $ServiceName binPath= $binaryPath start= auto | Out-Null
} else {
  New-Service -Name $ServiceName -BinaryPathName $binaryPath -StartupType Automatic `
    -DisplayName 'Fluent Bit (hivewatch)' -Description 'Ships Windows events to the hivewatch ingest bucket' | Out-Null
}
# A service reads its own environment from this value of its registry key.
Set-ItemProperty -Path "HKLM:\SYSTEM\CurrentControlSet\Services\$ServiceName" -Name Environment `
  -Type MultiString -Value $environment
# Restart after a crash (1 min, three times a day at most before the counter resets).
& sc.exe failure $ServiceName reset= 86400 actions= restart/60000/restart/60000/restart/60000 | Out-Null
Start-Service -Name $ServiceName

Write-Host "fluent-bit is running; objects go to s3://$Bucket/incoming/$HostName/"
Write-Host "Its log: $data\fluent-bit.log ('Successfully uploaded object' once per upload, every 5 minutes at most)."
if (-not $RolesAnywhere) {
  Write-Host "The instance profile's role must carry the tag hivewatch-host=$HostName and the ShipperPolicyArn policy."
}
