<#
.SYNOPSIS
    Exit 0 when the cached jar must be built, else 1: used by scripts\cached.cmd.

.DESCRIPTION
    The rule of stale() in scripts/cached: client\cli\target\cached.jar is missing, or a pom,
    scripts\daemon.jvmopts, or a main source or resource (*.java, *.properties; not tests, not
    target) of a module the jar holds is newer than it.
#>
param(
    [Parameter(Mandatory)]
    [string] $Repo
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$jar = Join-Path $Repo 'client\cli\target\cached.jar'
if (-not (Test-Path -LiteralPath $jar)) { exit 0 }
$built = (Get-Item -LiteralPath $jar).LastWriteTimeUtc

foreach ($file in 'pom.xml', 'client\pom.xml', 'protocol\pom.xml', 'scripts\daemon.jvmopts') {
    $path = Join-Path $Repo $file
    if ((Test-Path -LiteralPath $path) -and (Get-Item -LiteralPath $path).LastWriteTimeUtc -gt $built) { exit 0 }
}
foreach ($module in 'protocol\wire', 'protocol\fs', 'config', 'daemon', 'client\lib', 'client\cli') {
    $pom = Join-Path $Repo "$module\pom.xml"
    if ((Test-Path -LiteralPath $pom) -and (Get-Item -LiteralPath $pom).LastWriteTimeUtc -gt $built) { exit 0 }
    $main = Join-Path $Repo "$module\src\main"
    if (-not (Test-Path -LiteralPath $main)) { continue }
    $newer = Get-ChildItem -LiteralPath $main -Recurse -File |
        Where-Object { ($_.Extension -eq '.java' -or $_.Extension -eq '.properties') -and $_.LastWriteTimeUtc -gt $built } |
        Select-Object -First 1
    if ($newer) { exit 0 }
}
exit 1
