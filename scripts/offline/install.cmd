@echo off
rem jixiao offline installer for Windows: install.cmd [folder] [--uninstall]
rem The bundle writes this file as UTF-8 without BOM and with CRLF line endings. cmd.exe reads a
rem batch file line by line in the console's code page (936 on Chinese Windows), so every line up
rem to "chcp 65001" is ASCII; the Chinese lines after it are read as UTF-8. The old code page is
rem put back on every way out (label :finish). No message is echoed inside a ( ) block: a path
rem with ")" in it, such as "Program Files (x86)", would end the block.
setlocal EnableExtensions DisableDelayedExpansion
set "JX_OLDCP="
for /f "tokens=*" %%a in ('chcp') do for %%b in (%%a) do set "JX_OLDCP=%%b"
if defined JX_OLDCP set "JX_OLDCP=%JX_OLDCP:.=%"
chcp 65001 >nul
set "JX_RC=2"
set "JX_PAUSE="
for %%x in (%cmdcmdline%) do if /i "%%~x"=="/c" set "JX_PAUSE=1"
set "JX_DIR="
set "JX_UNINSTALL="

:args
if "%~1"=="" goto args_done
if /i "%~1"=="--uninstall" set "JX_UNINSTALL=1" & shift & goto args
if /i "%~1"=="--help" goto usage
if "%~1"=="/?" goto usage
set "JX_ARG=%~1"
if "%JX_ARG:~0,1%"=="-" goto bad_option
if defined JX_DIR goto two_folders
set "JX_DIR=%~1"
shift
goto args

:args_done
if defined JX_DIR goto folder_given
if not defined LOCALAPPDATA goto no_default
set "JX_DIR=%LOCALAPPDATA%\jixiao"
:folder_given
if "%JX_DIR:~-1%"=="\" set "JX_DIR=%JX_DIR:~0,-1%"
if defined JX_UNINSTALL goto uninstall
if not exist "%~dp0install.py" goto not_unpacked
if not exist "%~dp0wheels\" goto not_unpacked

rem Find a Python 3.11 or newer: %PYTHON%, else the py launcher's 3.13, 3.12, 3.11, 3, else python.
set "JX_PY="
if defined PYTHON goto try_env
for %%v in (3.13 3.12 3.11 3) do if not defined JX_PY call :try py -%%v
if not defined JX_PY call :try python
if not defined JX_PY call :try python3
if not defined JX_PY goto no_python
goto run

:try_env
call :try "%PYTHON%"
if not defined JX_PY goto bad_env_python
goto run

:try
%* -c "import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)" >nul 2>&1
if not errorlevel 1 set JX_PY=%*
goto :eof

:run
%JX_PY% "%~dp0install.py" "%JX_DIR%"
set "JX_RC=%errorlevel%"
goto finish

:uninstall
if not exist "%JX_DIR%\" goto not_installed
if not exist "%JX_DIR%\jixiao-install.txt" goto not_ours
rmdir /s /q "%JX_DIR%"
if exist "%JX_DIR%\" goto cannot_remove
echo jixiao 已卸载：删除了 %JX_DIR%。
echo 如果曾把 %JX_DIR% 加入 PATH，请在「设置 → 编辑账户的环境变量」中把它从 Path 删去。
set "JX_RC=0"
goto finish

:not_installed
echo %JX_DIR% 不存在：jixiao 没有安装在这里，不用卸载。
set "JX_RC=0"
goto finish

:not_ours
>&2 echo %JX_DIR% 不是 jixiao 的安装文件夹（里面没有 jixiao-install.txt），没有删除任何文件。
goto finish

:cannot_remove
>&2 echo 没能完全删除 %JX_DIR%：jixiao 可能还在运行。请关闭所有 jixiao 窗口后重新运行 install.cmd --uninstall，或手工删除这个文件夹。
goto finish

:not_unpacked
>&2 echo 安装包不完整：install.cmd 旁边没有 install.py 和 wheels 文件夹。如果是在 zip 里直接双击的，
>&2 echo 请先解压整个 zip（右键 → 全部解压缩），再运行解压出的文件夹中的 install.cmd。
goto finish

:no_python
>&2 echo 没有找到 Python 3.11 或更新版本：请先安装 python-3.12.x-amd64.exe（可从其他电脑拷贝），
>&2 echo 安装时勾选“Add python.exe to PATH”，装好后重新运行 install.cmd。
>&2 echo 已有的 Python 低于 3.11 也不能用（jixiao 需要 3.11、3.12 或 3.13）。详见本文件夹中的 离线安装说明.txt。
goto finish

:bad_env_python
>&2 echo 环境变量 PYTHON 指定的 %PYTHON% 不能运行，或版本低于 3.11：jixiao 需要 Python 3.11、3.12 或 3.13。
>&2 echo 请让 PYTHON 指向 python.exe 的完整路径（如 C:\Python312\python.exe），或删去这个环境变量后重新运行 install.cmd。
goto finish

:no_default
>&2 echo 没有设置环境变量 LOCALAPPDATA，不知道默认的安装文件夹：请指定一个，如 install.cmd D:\jixiao
goto finish

:bad_option
>&2 echo install.cmd：不认识的选项 %JX_ARG%（可用：--uninstall、--help）
goto finish

:two_folders
>&2 echo install.cmd：只能指定一个安装文件夹（多了 %JX_ARG%）
goto finish

:usage
echo 用法：install.cmd [安装文件夹] [--uninstall]
echo   安装或更新 jixiao（默认安装到 %%LOCALAPPDATA%%\jixiao），不连网：只从本文件夹的 wheels 安装。
echo   --uninstall  卸载（删除安装文件夹）。
echo   用 Python 3.11 或更新版本：环境变量 PYTHON 指定的，否则 py -3.13、-3.12、-3.11、-3，再否则 python。
set "JX_RC=0"
goto finish

:finish
if defined JX_OLDCP chcp %JX_OLDCP% >nul
if defined JX_PAUSE pause
endlocal & exit /b %JX_RC%
