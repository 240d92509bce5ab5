package kampungkb

import "context"

// Actor is who is acting in a request or command. Every write records the
// actor; the login and permission issue fills in the role and scopes, the
// request context carries it from the start.
type Actor struct {
	ID       int64  `json:"id,omitempty"`
	Username string `json:"username"`
	Name     string `json:"name"`
	Role     string `json:"role"`
	// ViewRegion is the region the actor may see ("" = everything);
	// CaptureRegions are the regions the actor may enter data for ("" in
	// the list = everywhere; none = read only). Checks use the region code
	// prefix, not per-row lists.
	ViewRegion     string   `json:"view_region,omitempty"`
	CaptureRegions []string `json:"capture_regions,omitempty"`
	// PartnerID ties a partner user to its organisation.
	PartnerID int64 `json:"partner_id,omitempty"`
	// Token is set when the request was authenticated by a personal
	// access token rather than a browser session.
	Token bool `json:"-"`
}

// IsAdmin reports whether the actor administers all or part of the system.
func (a Actor) IsAdmin() bool {
	switch a.Role {
	case RoleAdmin, RoleAdminProvinsi, RoleAdminKabupaten, RoleAdminKecamatan:
		return true
	}
	return false
}

// CanView reports whether a record located in region code is in the
// actor's view scope. Partner users see records through their
// organisation, not a region: callers restrict them by partner.
func (a Actor) CanView(code string) bool {
	return InRegion(code, a.ViewRegion)
}

// CanCapture reports whether the actor may enter data for region code.
func (a Actor) CanCapture(code string) bool {
	for _, r := range a.CaptureRegions {
		if InRegion(code, r) {
			return true
		}
	}
	return false
}

// Permission names what an actor may do, independent of region.
type Permission string

// Permissions (domain.md §4, §11.6; issue 3).
const (
	PermViewRecords    Permission = "view_records"    // lists and pages of individual records
	PermEditKampung    Permission = "edit_kampung"    // Kampung KB and profiles (in capture scope)
	PermEditPartners   Permission = "edit_partners"   // partner registry
	PermEditAgreements Permission = "edit_agreements" // agreements and documents
	PermEditActivities Permission = "edit_activities" // activities, photos, contributions (in capture scope)
	PermViewPersonal   Permission = "view_personal"   // member-level personal data (names, NIK)
	PermExportPersonal Permission = "export_personal" // exports with personal data
	PermManageUsers    Permission = "manage_users"    // accounts within the admin's region
	PermViewAudit      Permission = "view_audit"      // the audit trail
	PermViewAggregates Permission = "view_aggregates" // coverage, dashboards, reports
	PermEditChildren   Permission = "edit_children"   // children and posyandu measurements (in capture scope)
	PermEditFamilies   Permission = "edit_families"   // family register, one family at a time (in capture scope)
	PermImportFamilies Permission = "import_families" // family, member and measurement files (in capture scope)
)

var rolePerms = map[string][]Permission{
	RoleAdmin: {PermViewRecords, PermEditKampung, PermEditPartners, PermEditAgreements, PermEditActivities,
		PermViewPersonal, PermExportPersonal, PermManageUsers, PermViewAudit, PermViewAggregates, PermEditChildren,
		PermEditFamilies, PermImportFamilies},
	RoleAdminProvinsi:  {PermViewRecords, PermEditKampung, PermEditPartners, PermEditAgreements, PermEditActivities, PermViewPersonal, PermManageUsers, PermViewAggregates, PermEditChildren, PermEditFamilies, PermImportFamilies},
	RoleAdminKabupaten: {PermViewRecords, PermEditKampung, PermEditPartners, PermEditAgreements, PermEditActivities, PermViewPersonal, PermManageUsers, PermViewAggregates, PermEditChildren, PermEditFamilies, PermImportFamilies},
	RoleAdminKecamatan: {PermViewRecords, PermEditKampung, PermEditPartners, PermEditAgreements, PermEditActivities, PermViewPersonal, PermManageUsers, PermViewAggregates, PermEditChildren, PermEditFamilies, PermImportFamilies},
	RolePKB:            {PermViewRecords, PermEditKampung, PermEditPartners, PermEditAgreements, PermEditActivities, PermViewPersonal, PermViewAggregates, PermEditChildren, PermEditFamilies, PermImportFamilies},
	RoleKader:          {PermViewRecords, PermEditKampung, PermEditActivities, PermViewPersonal, PermViewAggregates, PermEditChildren, PermEditFamilies},
	RoleTPK:            {PermViewRecords, PermViewPersonal, PermViewAggregates, PermEditChildren, PermEditFamilies},
	RoleMitra:          {PermViewRecords, PermViewAggregates},
	RoleViewer:         {PermViewAggregates},
}

// Can reports whether the actor's role grants p.
func (a Actor) Can(p Permission) bool {
	for _, x := range rolePerms[a.Role] {
		if x == p {
			return true
		}
	}
	return false
}

// SystemActor is used by commands (import, demo) run from the shell.
var SystemActor = Actor{Username: "sistem", Name: "Sistem", Role: RoleAdmin, CaptureRegions: []string{""}}

type actorKey struct{}

// WithActor returns a context carrying a.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor in ctx and whether there is one.
func ActorFrom(ctx context.Context) (Actor, bool) {
	a, ok := ctx.Value(actorKey{}).(Actor)
	return a, ok
}

// ActorName returns the username of the actor in ctx, or "sistem".
func ActorName(ctx context.Context) string {
	if a, ok := ActorFrom(ctx); ok && a.Username != "" {
		return a.Username
	}
	return SystemActor.Username
}
