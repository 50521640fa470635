package client

import "iter"

// The most items a page of each kind of list holds. The All* iterators ask
// for no more than their route's maximum: a route clamps a larger per_page
// to it, and a page of the maximum would then look short and end the
// iteration before the end of the list.
const (
	// pageMax is the maximum of most lists: customers, folders,
	// connections, recipes and their versions, lookup tables, the API
	// platform's lists, developer API clients and their roles, and the
	// connector catalogue.
	pageMax = 100
	// largePageMax is the maximum of the lists that Workato documents none
	// for: custom roles, members, projects, on-prem groups and agents.
	largePageMax = 500
	// lookupRowsPageMax is the maximum of the rows of a lookup table.
	lookupRowsPageMax = 1000
	// publicRecipesPageMax is the maximum of a public recipe search.
	publicRecipesPageMax = 20
	// jobsPageSize is the size of every full page of a recipe's jobs,
	// which the route fixes.
	jobsPageSize = 100
	// notPaged marks a list whose route answers it whole, in one page.
	notPaged = 0
)

// allPages iterates over every item of a list, page after page, in the
// order of the route. It calls fetch for pages 1, 2, … of perPage items
// each: maxPerPage, the route's maximum, when perPage is 0 or more than
// it. last is the final item of the page before (nil for the first page),
// for lists paged by a cursor rather than a page number.
//
// The iteration stops after the first page shorter than perPage, when the
// loop's body breaks, or after an error of fetch, which it yields with a
// zero item. A maxPerPage of notPaged fetches once, with zero options.
func allPages[T any](perPage, maxPerPage int, fetch func(page ListOptions, last *T) ([]T, error)) iter.Seq2[T, error] {
	if perPage <= 0 || perPage > maxPerPage {
		perPage = maxPerPage
	}
	return func(yield func(T, error) bool) {
		var last *T
		for page := 1; ; page++ {
			var opts ListOptions
			if perPage != notPaged {
				opts = ListOptions{Page: page, PerPage: perPage}
			}
			list, err := fetch(opts, last)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, item := range list {
				if !yield(item, nil) {
					return
				}
			}
			if perPage == notPaged || len(list) < perPage {
				return
			}
			last = &list[len(list)-1]
		}
	}
}
