package web

import (
	"net/http"
	"net/url"
	"strings"

	"kampungkb"
	"kampungkb/sqldb"
)

// Home page limits.
const (
	homeEndingDays  = kampungkb.EndingSoonDays // agreements ending within this many days
	homeEndingMax   = 10
	homeNotReachedN = 10
	homeLatest      = 5
)

type homeData struct {
	// Records says whether the actor may open record lists (viewers see
	// the figures only).
	Records     bool
	RegionCount int
	Year        int
	// Counts for the cards, with the lists they link to.
	Kampung, Partners, Agreements, Activities, Contributions int
	Amount                                                   int64
	AgreementsURL, ActivitiesURL, ContributionsURL           string
	Ending                                                   []endingAgreement
	// Coverage this year: the first Kampung KB not reached.
	Coverage   kampungkb.CoverageReport
	NotReached []kampungkb.KampungPlace
	More       int // not reached beyond NotReached
	Latest     []sqldb.ActivityRow
}

// endingAgreement is an agreement of the "ending soon" list.
type endingAgreement struct {
	sqldb.AgreementRow
	Partners string
	DaysLeft string
}

// daysLeft writes the days until an end date: "hari ini", "besok",
// "30 hari lagi".
func daysLeft(n int) string {
	switch n {
	case 0:
		return "hari ini"
	case 1:
		return "besok"
	}
	return kampungkb.FormatInt(int64(n)) + " hari lagi"
}

// home is the start page: what needs attention now — agreements about to
// end, Kampung KB no partner has reached this year, the latest activities.
// Every figure and list is in the actor's view scope; actors who see
// aggregates only get the figures and coverage, not the record lists.
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	today := s.today()
	year := s.thisYear()
	scope := scopeOf(r)
	d := homeData{Year: today.Year(), Records: actorOf(r).Can(kampungkb.PermViewRecords)}
	counts, err := s.db.RegionCounts(ctx)
	if err != nil {
		s.htmlError(w, r, err)
		return
	}
	for _, n := range counts {
		d.RegionCount += n
	}
	yearQuery := url.Values{"from": {year.From.String()}, "to": {year.To.String()}}.Encode()
	d.AgreementsURL = "/perjanjian?" + url.Values{"from": {today.String()}, "to": {today.String()}}.Encode()
	d.ActivitiesURL = "/kegiatan?" + yearQuery
	d.ContributionsURL = "/kontribusi?" + yearQuery
	count := func(f kampungkb.Filter) kampungkb.Filter { f.Limit = 1; return scoped(r, f) }
	if _, d.Kampung, err = s.db.KampungList(ctx, count(kampungkb.Filter{})); err != nil {
		s.htmlError(w, r, err)
		return
	}
	if _, d.Partners, err = s.db.Partners(ctx, scoped(r, defaultFilter())); err != nil {
		s.htmlError(w, r, err)
		return
	}
	// in force today: valid at some point of the one-day period
	if _, d.Agreements, err = s.db.Agreements(ctx, count(kampungkb.Filter{Period: kampungkb.Period{From: today, To: today}})); err != nil {
		s.htmlError(w, r, err)
		return
	}
	if _, d.Activities, err = s.db.Activities(ctx, count(kampungkb.Filter{Period: year})); err != nil {
		s.htmlError(w, r, err)
		return
	}
	if _, d.Contributions, d.Amount, err = s.db.Contributions(ctx, count(kampungkb.Filter{Period: year})); err != nil {
		s.htmlError(w, r, err)
		return
	}
	if d.Records {
		ending, err := s.db.EndingAgreements(ctx, today, homeEndingDays, homeEndingMax, scope)
		if err != nil {
			s.htmlError(w, r, err)
			return
		}
		for _, a := range ending {
			d.Ending = append(d.Ending, endingAgreement{AgreementRow: a, Partners: strings.Join(a.PartnerNames, "; "),
				DaysLeft: daysLeft(today.DaysUntil(a.ValidTo))})
		}
	}
	if d.Coverage, err = s.db.Coverage(ctx, scope.Region, year, scope); err != nil {
		s.htmlError(w, r, err)
		return
	}
	d.NotReached = d.Coverage.NotReached
	if len(d.NotReached) > homeNotReachedN {
		d.More = len(d.NotReached) - homeNotReachedN
		d.NotReached = d.NotReached[:homeNotReachedN]
	}
	if d.Records {
		if d.Latest, _, err = s.db.Activities(ctx, scoped(r, kampungkb.Filter{Limit: homeLatest})); err != nil {
			s.htmlError(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "home.html", &page{Title: "Beranda", Section: "beranda", Data: d})
}
