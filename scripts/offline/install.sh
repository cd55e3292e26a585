#!/bin/sh
# jixiao 离线安装（Linux）。用法：
#   sh install.sh [安装文件夹]              安装或更新（默认 ~/.local/share/jixiao）
#   sh install.sh --uninstall [安装文件夹]  卸载
# 用 Python 3.11 或更新版本：环境变量 PYTHON 指定的，否则 python3.13、python3.12、python3.11、python3 中第一个够新的。
# 不连网：只从本文件夹的 wheels 安装。

here=$(cd "$(dirname "$0")" && pwd) || exit 2
uninstall=0
folder=
for arg in "$@"; do
    case $arg in
        --uninstall) uninstall=1 ;;
        -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "install.sh：不认识的选项 $arg（可用：--uninstall、--help）" >&2; exit 2 ;;
        *)
            if [ -n "$folder" ]; then echo "install.sh：只能指定一个安装文件夹（多了 $arg）" >&2; exit 2; fi
            folder=$arg ;;
    esac
done
if [ -z "$folder" ]; then
    if [ -z "${HOME:-}" ] && [ -z "${XDG_DATA_HOME:-}" ]; then
        echo "install.sh：不知道默认的安装文件夹（没有设置 HOME）：请指定一个，如 sh install.sh /opt/jixiao" >&2; exit 2
    fi
    folder=${XDG_DATA_HOME:-$HOME/.local/share}/jixiao
fi

if [ "$uninstall" = 1 ]; then
    if [ ! -e "$folder" ]; then
        echo "$folder 不存在：jixiao 没有安装在这里，不用卸载。"; exit 0
    fi
    if [ ! -f "$folder/jixiao-install.txt" ]; then
        echo "$folder 不是 jixiao 的安装文件夹（里面没有 jixiao-install.txt），没有删除任何文件。" >&2; exit 2
    fi
    if ! rm -rf -- "$folder"; then
        echo "没能完全删除 $folder（没有权限？）：请检查后重新运行，或手工删除这个文件夹。" >&2; exit 2
    fi
    echo "jixiao 已卸载：删除了 $folder。如果曾把 $folder/bin 加入 PATH（~/.bashrc 中的 export PATH=... 一行），请把那一行也删去。"
    exit 0
fi

if [ ! -f "$here/install.py" ] || [ ! -d "$here/wheels" ]; then
    echo "安装包不完整：install.sh 旁边没有 install.py 和 wheels 文件夹。请先解压整个 zip，再运行解压出的文件夹中的 install.sh。" >&2
    exit 2
fi

# 找 Python 3.11 或更新版本
found=
too_old=
try_python() {
    command -v "$1" >/dev/null 2>&1 || return 1
    version=$("$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) || return 1
    case $version in
        3.[0-9]|3.10|[0-2].*) too_old="$too_old $1（$version）"; return 1 ;;
    esac
    found=$1
}
if [ -n "${PYTHON:-}" ]; then
    try_python "$PYTHON"
else
    for candidate in python3.13 python3.12 python3.11 python3; do
        try_python "$candidate" && break
    done
fi
if [ -z "$found" ]; then
    {
        if [ -n "${PYTHON:-}" ]; then
            echo "环境变量 PYTHON 指定的 $PYTHON 不能用${too_old:+：版本是$too_old}：jixiao 需要 Python 3.11 或更新版本。"
        else
            echo "没有找到 Python 3.11 或更新版本${too_old:+（找到的$too_old 太旧）}。"
        fi
        echo "jixiao 需要 Python 3.11、3.12 或 3.13（麒麟 V10 自带的 3.8、统信 UOS 20 自带的 3.7 都不能用）。"
        echo "请先安装 Python 3.11 或更新版本：从系统的软件源安装 python3.11（没有网络时从其他电脑拷贝它的软件包），"
        echo "装好后重新运行 sh install.sh；Python 不在 PATH 中时用 PYTHON=/完整路径/python3.11 sh install.sh 指定。"
        echo "详见本文件夹中的 离线安装说明.txt。"
    } >&2
    exit 2
fi
exec "$found" "$here/install.py" "$folder"
