// Copyright (c) 2026, Labour Protection Network. License: AGPL-3.0-or-later
// Waiting sponsors beside waiting children. Choosing a sponsor filters the children by their wishes (the
// server filters: lpn_crm.api.matching.board); a child can be held for the sponsor or matched with them.
// Every stored value goes into the page through frappe.utils.escape_html.

frappe.pages["lpn-sponsorship-matching"].on_page_load = function (wrapper) {
	const page = frappe.ui.make_app_page({ parent: wrapper, title: __("Sponsorship Matching"), single_column: true });
	const board = new LPNMatchingBoard(page);
	page.set_secondary_action(__("Refresh"), () => board.load());
	board.load();
};

class LPNMatchingBoard {
	constructor(page) {
		this.page = page;
		this.selected = null;
		this.$body = $(`<div class="lpn-matching row">
			<div class="col-md-5"><h5>${__("Waiting sponsors")}</h5><div class="lpn-sponsors"></div></div>
			<div class="col-md-7"><h5 class="lpn-children-title">${__("Waiting children")}</h5><div class="lpn-children"></div></div>
		</div>`).appendTo(page.main);
	}

	load() {
		frappe.call({
			method: "lpn_crm.api.matching.board",
			args: { sponsorship: this.selected || "" },
			callback: (r) => this.render(r.message || { sponsorships: [], children: [] }),
		});
	}

	render(data) {
		this.holdDays = data.hold_days || 7;
		const esc = frappe.utils.escape_html;
		const $sponsors = this.$body.find(".lpn-sponsors").empty();
		if (!data.sponsorships.length) $sponsors.append(`<p class="text-muted">${__("No sponsor is waiting for a child.")}</p>`);
		data.sponsorships.forEach((s) => {
			const wishes = [s.preferred_age_band, s.preferred_origin, s.preferred_level]
				.filter((w) => w && w !== "Any").map((w) => esc(__(w))).join(" · ") || __("No wishes");
			const $card = $(`<div class="frappe-card p-3 mb-2 lpn-sponsor-card" role="button" data-name="${esc(s.name)}">
				<div class="d-flex justify-content-between"><b>${esc(s.sponsor_name || s.sponsor)}</b>
				<span>${esc(format_currency(s.monthly_amount, s.currency))} / ${__("month")}</span></div>
				<div class="small text-muted">${esc(s.name)} · ${esc(__(s.payment_channel || ""))}</div>
				<div class="small">${wishes}</div></div>`);
			if (s.name === this.selected) $card.addClass("border-primary");
			$card.on("click", () => { this.selected = this.selected === s.name ? null : s.name; this.load(); });
			$sponsors.append($card);
		});
		this.$body.find(".lpn-children-title").text(
			this.selected ? __("Children who fit {0}'s wishes", [this.sponsorName(data)]) : __("Waiting children")
		);
		const $children = this.$body.find(".lpn-children").empty();
		if (!data.children.length) $children.append(`<p class="text-muted">${__("No waiting child fits.")}</p>`);
		data.children.forEach((c) => {
			const held = c.hold
				? `<div class="small text-warning">${__("Held for {0} until {1}", [esc(c.hold.sponsor_name || c.hold.sponsorship), frappe.datetime.str_to_user(c.hold.until)])}</div>`
				: "";
			const $card = $(`<div class="frappe-card p-3 mb-2">
				<div class="d-flex justify-content-between"><a href="/app/lpn-child/${encodeURIComponent(c.name)}"><b>${esc(c.first_name)}</b></a>
				<span>${__("Gap")}: ${esc(format_currency(c.monthly_gap, "THB"))} / ${__("month")}</span></div>
				<div class="small text-muted">${c.age != null ? __("{0} years", [c.age]) : ""} · ${esc(__(c.origin || ""))} · ${esc(__(c.education_level || ""))} · ${esc(__(c.status))}</div>
				${held}<div class="lpn-actions mt-2"></div></div>`);
			if (this.selected) {
				const mine = c.hold && c.hold.sponsorship === this.selected;
				if (!c.hold) $card.find(".lpn-actions").append(this.button(__("Hold"), () => this.hold(c)));
				if (mine) $card.find(".lpn-actions").append(this.button(__("Release"), () => this.call("release_hold", { hold: c.hold.name })));
				if (!c.hold || mine) $card.find(".lpn-actions").append(this.button(__("Match"), () => this.match(c), "btn-primary"));
			}
			$children.append($card);
		});
	}

	sponsorName(data) {
		const s = data.sponsorships.find((x) => x.name === this.selected);
		return frappe.utils.escape_html(s ? s.sponsor_name || s.sponsor : this.selected);
	}

	button(label, action, style = "btn-default") {
		return $(`<button class="btn btn-xs ${style} mr-2">${label}</button>`).on("click", action);
	}

	hold(child) {
		frappe.prompt(
			{ fieldname: "days", fieldtype: "Int", label: __("Days"), default: this.holdDays, reqd: 1 },
			(values) => this.call("place_hold", { sponsorship: this.selected, child: child.name, days: values.days }),
			__("Hold {0} for this sponsor", [frappe.utils.escape_html(child.first_name)])
		);
	}

	match(child) {
		frappe.confirm(__("Match {0} with this sponsor?", [frappe.utils.escape_html(child.first_name)]), () =>
			this.call("match", { sponsorship: this.selected, child: child.name }, () => {
				frappe.show_alert({ message: __("Matched"), indicator: "green" });
				this.selected = null;
			})
		);
	}

	call(method, args, after) {
		frappe.call({
			method: `lpn_crm.api.matching.${method}`,
			args,
			freeze: true,
			callback: () => { if (after) after(); this.load(); },
		});
	}
}
