/** One comment as the idea page gets it (`#proposals/services/discussion_queries`). */
export interface CommentView {
  id: number
  body: string | null
  authorName: string | null
  createdOn: string
  hidden: boolean
  hiddenReason: string | null
  own: boolean
  reported: boolean
}

export interface ThreadView extends CommentView {
  replies: CommentView[]
}

export interface DiscussionView {
  authorName: string | null
  threads: ThreadView[]
  commentCount: number
  canComment: boolean
  following: boolean
}
