# Shared helpers for scripts/dev-bench and scripts/test. Sourced, never run.
# Everything here is idempotent: running it twice leaves the machine as running it once does.

LPN_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LPN_BENCH=${LPN_BENCH:-$HOME/frappe-bench}
LPN_DB_ADMIN=${LPN_DB_ADMIN:-lpn_dbadmin}
LPN_DB_ADMIN_PASSWORD=${LPN_DB_ADMIN_PASSWORD:-lpn-dbadmin}
LPN_ADMIN_PASSWORD=${LPN_ADMIN_PASSWORD:-admin}
LPN_DB_HOST=${LPN_DB_HOST:-127.0.0.1}
LPN_DB_PORT=${LPN_DB_PORT:-3306}
LPN_REDIS_URL=${LPN_REDIS_URL:-redis://127.0.0.1:6379}
# The Frappe source: any git URL or local clone that carries the version-15 branch.
FRAPPE_PATH=${FRAPPE_PATH:-https://github.com/frappe/frappe}
FRAPPE_BRANCH=${FRAPPE_BRANCH:-version-15}

# Byte-compiled files must be written, or every bench process and every background job
# compiles Frappe again (about a second of CPU each).
unset PYTHONDONTWRITEBYTECODE

die() {
	echo "lpn: $*" >&2
	exit 1
}

say() {
	echo "lpn: $*"
}

bench_exists() {
	[ -x "$LPN_BENCH/env/bin/python" ] && [ -d "$LPN_BENCH/apps/frappe/frappe" ]
}

# bench refuses to run as root unless a common_site_config.json naming the user is in the working
# directory; for commands run outside a bench (init) we give it one of its own.
bench_outside() {
	local here
	here=$(mktemp -d)
	mkdir -p "$here/sites"
	echo "{\"frappe_user\": \"$(id -un)\"}" >"$here/sites/common_site_config.json"
	(cd "$here" && bench "$@")
	local rc=$?
	rm -rf "$here"
	return $rc
}

in_bench() {
	(cd "$LPN_BENCH" && bench "$@")
}

mysql_root() {
	mysql -uroot --protocol=socket "$@" 2>/dev/null || mysql -uroot -h"$LPN_DB_HOST" -P"$LPN_DB_PORT" "$@"
}

check_mariadb() {
	command -v mysql >/dev/null || die "no mysql client on PATH: install MariaDB's client (apt-get install mariadb-client)"
	mysql_root -e "SELECT 1" >/dev/null 2>&1 ||
		die "MariaDB cannot be reached as root (socket or $LPN_DB_HOST:$LPN_DB_PORT): is the server running?"
}

check_redis() {
	local hostport=${LPN_REDIS_URL#redis://}
	hostport=${hostport%%/*}
	local host=${hostport%%:*} port=${hostport##*:}
	if command -v redis-cli >/dev/null; then
		[ "$(redis-cli -h "$host" -p "$port" ping 2>/dev/null)" = "PONG" ] ||
			die "Redis cannot be reached at $LPN_REDIS_URL: is the server running?"
	else
		(exec 3<>"/dev/tcp/$host/$port") 2>/dev/null || die "Redis cannot be reached at $LPN_REDIS_URL: is the server running?"
	fi
}

# Frappe wants utf8mb4 / utf8mb4_unicode_ci on the server and a DB admin user with a password.
# SET GLOBAL does not outlive a server restart, so this runs every time.
ensure_db_admin() {
	mysql_root -e "SET GLOBAL character_set_server = 'utf8mb4'; SET GLOBAL collation_server = 'utf8mb4_unicode_ci';" ||
		die "MariaDB refused to set utf8mb4_unicode_ci: root lacks SUPER?"
	local host
	for host in localhost 127.0.0.1 '%'; do
		mysql_root -e "CREATE USER IF NOT EXISTS '$LPN_DB_ADMIN'@'$host' IDENTIFIED BY '$LPN_DB_ADMIN_PASSWORD';
			GRANT ALL PRIVILEGES ON *.* TO '$LPN_DB_ADMIN'@'$host' WITH GRANT OPTION;" ||
			die "MariaDB refused to create the DB admin user $LPN_DB_ADMIN@$host"
	done
	mysql -u"$LPN_DB_ADMIN" -p"$LPN_DB_ADMIN_PASSWORD" -h"$LPN_DB_HOST" -P"$LPN_DB_PORT" -e "SELECT 1" >/dev/null 2>&1 ||
		die "MariaDB refused the DB admin user $LPN_DB_ADMIN (set LPN_DB_ADMIN / LPN_DB_ADMIN_PASSWORD to one it accepts)"
}

ensure_bench_tools() {
	command -v bench >/dev/null || python3 -m pip install --quiet frappe-bench || die "cannot install frappe-bench from PyPI"
	command -v uv >/dev/null || python3 -m pip install --quiet uv || die "cannot install uv from PyPI"
	command -v node >/dev/null || die "Node.js is missing: Frappe builds its assets with it (apt-get install nodejs)"
	command -v yarn >/dev/null || npm install --global --silent yarn >/dev/null || die "cannot install yarn from npm"
}

# Frappe v15 pins a few dependencies to GitHub archives; these registry releases stand in for them.
prepare_registry_stand_ins() {
	local dir=$LPN_BENCH.tools
	mkdir -p "$dir/yarn-mirror"
	printf 'gunicorn==23.0.0\nsetuptools<81\n' >"$dir/uv-override.txt"
	export UV_OVERRIDE=$dir/uv-override.txt
	# yarn v1 looks in its offline mirror first, for a file named as the lock's URL ends.
	local air=ed37b94d95c68d8544357e330be0c89d044a3eea
	if [ ! -s "$dir/yarn-mirror/$air" ]; then
		(cd "$dir/yarn-mirror" && npm pack --silent air-datepicker@2.2.3 >/dev/null && mv air-datepicker-2.2.3.tgz "$air") ||
			die "cannot fetch air-datepicker@2.2.3 from the npm registry"
	fi
	yarn config set yarn-offline-mirror "$dir/yarn-mirror" >/dev/null
}

configure_bench() {
	# One Redis for all three roles; the cache gets its own database so flushing it never drops jobs.
	in_bench set-config -g redis_queue "$LPN_REDIS_URL/0" >/dev/null
	in_bench set-config -g redis_socketio "$LPN_REDIS_URL/0" >/dev/null
	in_bench set-config -g redis_cache "$LPN_REDIS_URL/1" >/dev/null
	in_bench set-config -g db_host "$LPN_DB_HOST" >/dev/null
	# `bench start`'s Procfile, without the Redis servers bench would start: this machine runs its own.
	in_bench setup procfile >/dev/null 2>&1 || true
	if [ -f "$LPN_BENCH/Procfile" ]; then sed -i '/^redis_/d' "$LPN_BENCH/Procfile"; fi
}

ensure_bench() {
	if bench_exists; then
		prepare_registry_stand_ins
		configure_bench
		return
	fi
	[ -e "$LPN_BENCH" ] && die "$LPN_BENCH exists but is not a working bench: move it away or set LPN_BENCH"
	git ls-remote --exit-code "$FRAPPE_PATH" "$FRAPPE_BRANCH" >/dev/null 2>&1 ||
		die "no Frappe source reachable at $FRAPPE_PATH (branch $FRAPPE_BRANCH): set FRAPPE_PATH to a clone that has it"
	ensure_bench_tools
	prepare_registry_stand_ins
	say "building a bench at $LPN_BENCH from $FRAPPE_PATH ($FRAPPE_BRANCH); this takes a few minutes"
	# Nothing half-made is left behind: a failed init removes what it started.
	{
		bench_outside init "$LPN_BENCH" --frappe-path "$FRAPPE_PATH" --frappe-branch "$FRAPPE_BRANCH" \
			--skip-assets --skip-redis-config-generation --no-backups --python "$(command -v python3)" &&
			configure_bench && in_bench build --force
	} >"$LPN_BENCH.init.log" 2>&1 || {
		rm -rf "$LPN_BENCH"
		tail -15 "$LPN_BENCH.init.log" >&2
		die "bench init failed (log above, whole in $LPN_BENCH.init.log); nothing was left at $LPN_BENCH"
	}
	say "bench ready at $LPN_BENCH (log: $LPN_BENCH.init.log)"
}

# This checkout's app, linked (not copied) into the bench so edits take effect at once.
link_app() {
	local target="$LPN_REPO/apps/lpn_crm"
	if [ "$(readlink "$LPN_BENCH/apps/lpn_crm" 2>/dev/null)" != "$target" ]; then
		[ -e "$LPN_BENCH/apps/lpn_crm" ] && [ ! -L "$LPN_BENCH/apps/lpn_crm" ] &&
			die "$LPN_BENCH/apps/lpn_crm is a real folder, not this checkout's link: move it away"
		ln -sfn "$target" "$LPN_BENCH/apps/lpn_crm"
	fi
	uv pip install --quiet -e "$LPN_BENCH/apps/lpn_crm" --python "$LPN_BENCH/env/bin/python" ||
		die "cannot install lpn_crm into the bench's Python env"
	grep -qx lpn_crm "$LPN_BENCH/sites/apps.txt" || printf '\nlpn_crm\n' >>"$LPN_BENCH/sites/apps.txt"
	sed -i '/^$/d' "$LPN_BENCH/sites/apps.txt"
	# What `bench build` does for an app without bundles: serve its public folder under /assets.
	ln -sfn "$LPN_BENCH/apps/lpn_crm/lpn_crm/public" "$LPN_BENCH/sites/assets/lpn_crm"
	# And what it does for translations: locale/*.po compiled to the .mo files Frappe reads.
	in_bench compile-po-to-mo --app lpn_crm --force >"$LPN_BENCH/logs/compile-po-lpn_crm.log" 2>&1 ||
		die "cannot compile lpn_crm's translations (log: $LPN_BENCH/logs/compile-po-lpn_crm.log)"
}

# What an administrator does at first login (language, country, time zone, THB): until it is done,
# Frappe sends every desk user but Administrator to the setup wizard. Idempotent.
complete_setup_wizard() {
	in_bench --site "$1" execute frappe.desk.page.setup_wizard.setup_wizard.setup_complete --kwargs "{'args': {
		'language': 'English', 'country': 'Thailand', 'timezone': 'Asia/Bangkok', 'currency': 'THB',
		'full_name': 'LPN Administrator', 'email': 'admin@$1'}}" >"$LPN_BENCH/logs/setup-wizard-$1.log" 2>&1 || {
		tail -20 "$LPN_BENCH/logs/setup-wizard-$1.log" >&2
		die "could not complete the setup wizard on $1"
	}
}

site_exists() {
	[ -f "$LPN_BENCH/sites/$1/site_config.json" ]
}

# Create a site with lpn_crm on it, or bring an existing one up to this checkout's code.
ensure_site() {
	local site=$1
	if ! site_exists "$site"; then
		say "creating site $site"
		in_bench new-site "$site" --db-root-username "$LPN_DB_ADMIN" --db-root-password "$LPN_DB_ADMIN_PASSWORD" \
			--admin-password "$LPN_ADMIN_PASSWORD" --db-host "$LPN_DB_HOST" --db-port "$LPN_DB_PORT" \
			--force --install-app lpn_crm >"$LPN_BENCH/logs/new-site-$site.log" 2>&1 || {
			in_bench drop-site "$site" --db-root-username "$LPN_DB_ADMIN" --db-root-password "$LPN_DB_ADMIN_PASSWORD" \
				--force --no-backup >/dev/null 2>&1
			rm -rf "$LPN_BENCH/sites/$site"
			tail -20 "$LPN_BENCH/logs/new-site-$site.log" >&2
			die "could not create site $site (log above); nothing was left behind"
		}
	else
		if ! in_bench --site "$site" list-apps 2>/dev/null | grep -q '^lpn_crm'; then
			in_bench --site "$site" install-app lpn_crm >"$LPN_BENCH/logs/install-$site.log" 2>&1 || {
				tail -20 "$LPN_BENCH/logs/install-$site.log" >&2
				die "could not install lpn_crm on $site"
			}
		fi
		in_bench --site "$site" migrate >"$LPN_BENCH/logs/migrate-$site.log" 2>&1 || {
			tail -20 "$LPN_BENCH/logs/migrate-$site.log" >&2
			die "migrate failed on $site"
		}
	fi
	complete_setup_wizard "$site"
}

# Debian packages the bench tiers need: wkhtmltopdf prints receipts with Thai (TLWG) and Myanmar
# (SIL Padauk) fonts, so no language prints as boxes; pdftotext (poppler) lets the tests read a PDF's
# text back; Chromium drives the browser tests. Installed once; nothing is downloaded outside the
# package registry.
ensure_system_packages() {
	local missing=()
	command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
	[ -d /usr/share/fonts/truetype/tlwg ] || missing+=(fonts-thai-tlwg)
	[ -d /usr/share/fonts/truetype/padauk ] || missing+=(fonts-sil-padauk)
	command -v pdftotext >/dev/null || missing+=(poppler-utils)
	command -v chromium >/dev/null || missing+=(chromium)
	[ ${#missing[@]} -eq 0 ] && return
	command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get to install them"
	say "installing ${missing[*]}"
	{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >/dev/null 2>&1 ||
		die "could not install ${missing[*]} with apt-get"
}
