<#
.SYNOPSIS
    Runs the cached daemon at logon for the current user, as a Scheduled Task.

.DESCRIPTION
    Default (install): registers the task \cached\cached, which runs
    "scripts\cached.cmd daemon" hidden at logon, restarts it when it exits
    with an error, and never stops it for running too long; then starts it.
    -Uninstall: drains the daemon ("cached.cmd stop") and removes the task.
    -Status: shows the task, its state and its last result.
    See scripts\service\README.md.

.EXAMPLE
    powershell -NoProfile -ExecutionPolicy Bypass -File scripts\service\windows\install-cached.ps1
.EXAMPLE
    powershell -NoProfile -ExecutionPolicy Bypass -File scripts\service\windows\install-cached.ps1 -Status
.EXAMPLE
    powershell -NoProfile -ExecutionPolicy Bypass -File scripts\service\windows\install-cached.ps1 -Uninstall
#>
[CmdletBinding(DefaultParameterSetName = 'Install')]
param(
    [Parameter(ParameterSetName = 'Uninstall', Mandatory)]
    [switch] $Uninstall,

    [Parameter(ParameterSetName = 'Status', Mandatory)]
    [switch] $Status,

    # Passed as --config FILE to "cached.cmd daemon" and "cached.cmd stop".
    [Parameter(ParameterSetName = 'Install')]
    [Parameter(ParameterSetName = 'Uninstall')]
    [string] $Config,

    # Register the task without starting it now.
    [Parameter(ParameterSetName = 'Install')]
    [switch] $NoStart
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$TaskName = 'cached'
$TaskPath = '\cached\'
$Launcher = (Resolve-Path -LiteralPath (Join-Path $PSScriptRoot '..\..\cached.cmd')).Path
$User = [System.Security.Principal.WindowsIdentity]::GetCurrent().Name

function Get-CachedTask {
    Get-ScheduledTask -TaskName $TaskName -TaskPath $TaskPath -ErrorAction SilentlyContinue
}

function Get-ConfigArgument {
    if (-not $Config) { return '' }
    $path = (Resolve-Path -LiteralPath $Config).Path
    return " --config '" + $path.Replace("'", "''") + "'"
}

# The task's JAVA_HOME: the one set when installing, so the daemon runs on the
# JDK the user chose (cached.cmd uses %JAVA_HOME%\bin\java.exe), not whatever
# java the task's PATH finds. Empty when JAVA_HOME is not set.
function Get-JavaHomeLine {
    if (-not $env:JAVA_HOME) { return '' }
    return "`$env:JAVA_HOME = '" + $env:JAVA_HOME.Replace("'", "''") + "'`n"
}

# The script the task runs. Task Scheduler's own restart settings only cover a
# task that fails to start, so a daemon that exits with an error is restarted
# here: at most 5 times, 10 s apart. A clean exit ("cached stop") ends the task.
function Get-TaskScript {
    $launcherLiteral = "'" + $Launcher.Replace("'", "''") + "'"
    $daemon = "& $launcherLiteral daemon" + (Get-ConfigArgument)
    return (Get-JavaHomeLine) + @"
`$failures = 0
while (`$true) {
    $daemon
    `$code = `$LASTEXITCODE
    if (`$code -eq 0 -or `$failures -ge 5) { exit `$code }
    `$failures++
    Start-Sleep -Seconds 10
}
"@
}

function Stop-CachedDaemon {
    $task = Get-CachedTask
    if (-not $task -or $task.State -ne 'Running') { return }
    Write-Output 'draining the running daemon (cached.cmd stop)...'
    $stop = @('stop')
    if ($Config) { $stop += @('--config', (Resolve-Path -LiteralPath $Config).Path) }
    & $Launcher @stop
    if ($LASTEXITCODE -ne 0) {
        Write-Warning "cached.cmd stop exited with $LASTEXITCODE; stopping the task"
    }
    Stop-ScheduledTask -TaskName $TaskName -TaskPath $TaskPath
}

function Install-CachedTask {
    $script = Get-TaskScript
    # An encoded command survives any character in the paths without quoting rules.
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($script))
    $action = New-ScheduledTaskAction -Execute 'powershell.exe' `
        -Argument "-NoProfile -NonInteractive -WindowStyle Hidden -EncodedCommand $encoded" `
        -WorkingDirectory (Split-Path -Parent $Launcher)
    $trigger = New-ScheduledTaskTrigger -AtLogOn -User $User
    $principal = New-ScheduledTaskPrincipal -UserId $User -LogonType Interactive -RunLevel Limited
    $settings = New-ScheduledTaskSettingsSet -Hidden `
        -ExecutionTimeLimit ([TimeSpan]::Zero) `
        -RestartCount 3 -RestartInterval (New-TimeSpan -Minutes 1) `
        -MultipleInstances IgnoreNew `
        -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries -StartWhenAvailable

    Stop-CachedDaemon
    Register-ScheduledTask -TaskName $TaskName -TaskPath $TaskPath `
        -Action $action -Trigger $trigger -Principal $principal -Settings $settings `
        -Description "cached daemon: $Launcher daemon$(Get-ConfigArgument)$(if ($env:JAVA_HOME) { " (JAVA_HOME=$env:JAVA_HOME)" })" -Force | Out-Null
    Write-Output "installed task $TaskPath$TaskName for $User (runs $Launcher daemon)"
    if (-not $NoStart) {
        Start-ScheduledTask -TaskName $TaskName -TaskPath $TaskPath
        Write-Output 'started; check with: scripts\cached.cmd status'
    }
}

function Uninstall-CachedTask {
    if (-not (Get-CachedTask)) {
        Write-Output "not installed: task $TaskPath$TaskName"
        return
    }
    Stop-CachedDaemon
    Unregister-ScheduledTask -TaskName $TaskName -TaskPath $TaskPath -Confirm:$false
    Write-Output "removed task $TaskPath$TaskName"
}

function Show-CachedTask {
    $task = Get-CachedTask
    if (-not $task) {
        Write-Output "not installed: task $TaskPath$TaskName"
        exit 3
    }
    $info = $task | Get-ScheduledTaskInfo
    [pscustomobject]@{
        Task           = "$TaskPath$TaskName"
        State          = $task.State
        LastRunTime    = $info.LastRunTime
        LastTaskResult = $info.LastTaskResult
        Description    = $task.Description
    } | Format-List
}

switch ($PSCmdlet.ParameterSetName) {
    'Install'   { Install-CachedTask }
    'Uninstall' { Uninstall-CachedTask }
    'Status'    { Show-CachedTask }
}
